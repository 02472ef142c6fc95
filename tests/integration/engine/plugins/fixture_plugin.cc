// A small plugin the loader tests build in several variants (compile definitions), each into its own
// directory with a manifest.json. It writes its lifecycle ("<id> loaded|created|started|stopped|
// destroyed") to the file named by GEOREP_FIXTURE_MARKER so tests can see what ran and in which order.
// Good variant: command <id>.echo, job <id>.tick (raises <id>.tick), reacts to test.ping with <id>.pong.
// Includes only engine/api, like a real plugin.
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/dll/alias.hpp>
#include <boost/signals2/connection.hpp>

#include "engine/api/plugin.h"

#ifndef FIXTURE_ID
#error FIXTURE_ID must be defined
#endif
#ifndef FIXTURE_ABI
#define FIXTURE_ABI georep::api::kAbiVersion
#endif

namespace fixture {

void mark(const std::string& what) {
  if (const char* file = std::getenv("GEOREP_FIXTURE_MARKER")) {
    std::ofstream(file, std::ios::app) << FIXTURE_ID << ' ' << what << '\n';
  }
}

// Runs when the library is loaded: a library that must not be loaded shows up in the marker file.
const bool kLoaded = (mark("loaded"), true);

#ifdef FIXTURE_LEAKY
// The leaky variant hands its registrations to a global, out of its own reach.
std::vector<georep::api::Registration> gLeaked;
#endif

class FixturePlugin : public georep::api::Plugin {
 public:
  FixturePlugin() { mark("created"); }
  ~FixturePlugin() override { mark("destroyed"); }

  void start(georep::api::HostServices& host) override {
    mark("started");
    const std::string id = FIXTURE_ID;
    georep::api::CommandSpec echo{id + ".echo", "echoes its text and the plugin's config", {}};
    georep::api::ParamSpec text;
    text.name = "text";
    text.required = true;
    text.maxLength = 64;
    echo.params.push_back(text);
    auto* events = &host.events;
    const nlohmann::json config = host.config;
    const std::string dir = host.pluginDir.string();
    registrations_.push_back(host.commands.registerHandler(
        echo, [config, dir](const nlohmann::json& params, const georep::api::CommandContext& ctx) {
          return nlohmann::json{{"text", params["text"]}, {"config", config}, {"dir", dir},
                                {"correlation_id", ctx.correlationId}};
        }));
    registrations_.push_back(host.commands.registerHandler(
        georep::api::CommandSpec{id + ".fail", "throws", {}},
        [](const nlohmann::json&, const georep::api::CommandContext&) -> nlohmann::json {
          throw std::runtime_error("fixture handler failure");
        }));
    georep::api::JobSpec tick;
    tick.name = id + ".tick";
    tick.interval = std::chrono::milliseconds(10);
    tick.runImmediately = true;
    tick.run = [events, id] {
      georep::api::Event e;
      e.name = id + ".tick";
      events->raise(e);
    };
    registrations_.push_back(host.scheduler.schedule(std::move(tick)));
    subscription_ = host.events.subscribe([events, id](const georep::api::Event& e) {
      if (e.name != "test.ping") return;
      georep::api::Event pong;
      pong.name = id + ".pong";
      pong.body = e.body;
      events->raise(pong);
    });
#ifdef FIXTURE_FAILING_START
    throw std::runtime_error("cannot reach glusterd (fixture)");
#endif
#ifdef FIXTURE_LEAKY
    for (auto& r : registrations_) gLeaked.push_back(std::move(r));
    registrations_.clear();
    (void)subscription_.release();  // a plain connection nobody will disconnect
#endif
  }

  void stop() override {
    mark("stopped");
#ifndef FIXTURE_LEAKY
    subscription_.disconnect();
    registrations_.clear();
#endif
  }

 private:
  std::vector<georep::api::Registration> registrations_;
  boost::signals2::scoped_connection subscription_;
};

std::unique_ptr<georep::api::Plugin> create() {
#ifdef FIXTURE_THROWING_FACTORY
  throw std::runtime_error("factory cannot allocate (fixture)");
#endif
#ifdef FIXTURE_NULL_FACTORY
  return nullptr;
#endif
  return std::make_unique<FixturePlugin>();
}

int abiVersion() { return FIXTURE_ABI; }

}  // namespace fixture

#ifndef FIXTURE_NO_FACTORY
BOOST_DLL_ALIAS(fixture::create, georep_plugin_factory)
#endif
#ifndef FIXTURE_NO_ABI_SYMBOL
BOOST_DLL_ALIAS(fixture::abiVersion, georep_plugin_abi_version)
#endif
