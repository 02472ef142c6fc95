// `georepctl call` argument parsing: what becomes JSON, what stays a string, what is refused.
#include "cli/call_params.h"

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

using nlohmann::json;

TEST(CallParams, IntegersBooleansArraysAndObjectsBecomeJson) {
  const json p = parseCallParams({"port=22", "neg=-7", "zero=0", "force=true", "dry=false", "tags=[\"a\",1]",
                                  "opts={\"k\":\"v\"}"});
  EXPECT_EQ(p["port"], json(22));
  EXPECT_TRUE(p["port"].is_number_integer());
  EXPECT_EQ(p["neg"], json(-7));
  EXPECT_EQ(p["zero"], json(0));
  EXPECT_EQ(p["force"], json(true));
  EXPECT_EQ(p["dry"], json(false));
  EXPECT_EQ(p["tags"], json::parse(R"(["a",1])"));
  EXPECT_EQ(p["opts"], json::parse(R"({"k":"v"})"));
}

TEST(CallParams, EverythingElseIsAString) {
  const json p = parseCallParams({"name=prod", "ratio=0.5", "id=007", "empty=", "word=null", "t=True",
                                  "big=99999999999999999999", "eq=a=b", "space=two words", "neg=-", "x=1e3"});
  EXPECT_EQ(p["name"], json("prod"));
  EXPECT_EQ(p["ratio"], json("0.5"));
  EXPECT_EQ(p["id"], json("007"));
  EXPECT_EQ(p["empty"], json(""));
  EXPECT_EQ(p["word"], json("null"));
  EXPECT_EQ(p["t"], json("True"));
  EXPECT_EQ(p["big"], json("99999999999999999999"));
  EXPECT_EQ(p["eq"], json("a=b"));
  EXPECT_EQ(p["space"], json("two words"));
  EXPECT_EQ(p["neg"], json("-"));
  EXPECT_EQ(p["x"], json("1e3"));
}

TEST(CallParams, DoubleQuotesForceAString) {
  const json p = parseCallParams({"id=\"42\"", "flag=\"true\"", "list=\"[1]\"", "empty=\"\"", "inner=\"a\"b\""});
  EXPECT_EQ(p["id"], json("42"));
  EXPECT_EQ(p["flag"], json("true"));
  EXPECT_EQ(p["list"], json("[1]"));
  EXPECT_EQ(p["empty"], json(""));
  EXPECT_EQ(p["inner"], json("a\"b"));
}

TEST(CallParams, ColonEqualsForcesJson) {
  const json p = parseCallParams({"ratio:=0.5", "nothing:=null", "s:=\"text\"", "n:=12", "o:={\"a\":[1,2]}"});
  EXPECT_EQ(p["ratio"], json(0.5));
  EXPECT_TRUE(p["nothing"].is_null());
  EXPECT_EQ(p["s"], json("text"));
  EXPECT_EQ(p["n"], json(12));
  EXPECT_EQ(p["o"]["a"][1], json(2));
}

TEST(CallParams, NoArgumentsIsAnEmptyObject) {
  const json p = parseCallParams({});
  EXPECT_TRUE(p.is_object());
  EXPECT_TRUE(p.empty());
}

TEST(CallParams, MalformedArgumentsAreRefusedNamingThem) {
  auto message = [](std::vector<std::string> args) -> std::string {
    try {
      parseCallParams(args);
    } catch (const CallParamError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_NE(message({"justaword"}).find("justaword"), std::string::npos);
  EXPECT_NE(message({"=value"}).find("no key"), std::string::npos);
  EXPECT_NE(message({":=1"}).find("no key"), std::string::npos);
  EXPECT_NE(message({"a b=1"}).find("'a b'"), std::string::npos);
  EXPECT_NE(message({"x=1", "x=2"}).find("twice"), std::string::npos);
  EXPECT_NE(message({"x:=nope"}).find("'x'"), std::string::npos);
  EXPECT_NE(message({"x:="}).find("not valid JSON"), std::string::npos);
  const std::string looksLikeJson = message({"opts={broken"});
  EXPECT_NE(looksLikeJson.find("'opts'"), std::string::npos);
  EXPECT_NE(looksLikeJson.find("quote it"), std::string::npos);
}

}  // namespace
}  // namespace georep::cli
