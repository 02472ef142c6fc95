// georepctl's entry point: see georepctl_app.h.
#include <iostream>

#include "cli/georepctl_app.h"

int main(int argc, char** argv) { return georep::cli::runGeorepctl(argc, argv, std::cout, std::cerr); }
