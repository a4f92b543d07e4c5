// physio serve: the clinic server. Settings come from server/settings.hpp (one declaration each):
// defaults < --config file < PHYSIO_* environment < command-line flags.
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/server_common.hpp"
#include "core/file_io.hpp"
#include "core/wall_clock.hpp"
#include "jobs/job_runner.hpp"
#include "rehab/tz_system.hpp"
#include "server/app/api_test_clock.hpp"
#include "server/app/app.hpp"
#include "server/app/openapi.hpp"
#include "server/background/hl7_sender.hpp"
#include "server/background/insight_loop.hpp"
#include "server/background/questionnaire_loop.hpp"
#include "server/background/reminder_loop.hpp"
#include "server/background/transcription_loop.hpp"
#include "server/http/settings.hpp"
#include "server/interop/hl7_listener.hpp"
#include "server/net/http.hpp"

namespace physio::cli {
namespace {

struct ServeArgs {
  std::string config;
  std::map<std::string, std::string> flags;  ///< setting name -> value given on the command line
  bool settings_doc = false;
  bool openapi = false;
};

Result<std::pair<std::string, std::uint16_t>> split_listen(const std::string& listen,
                                                           const char* flag = "--listen") {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return fail(ErrorCode::kInvalidArgument, "{} '{}': expected HOST:PORT, e.g. 127.0.0.1:8080", flag,
                listen);
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_s = listen.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_s.c_str(), &end, 10);
  if (port_s.empty() || *end != '\0' || port < 0 || port > 65535)
    return fail(ErrorCode::kInvalidArgument, "{} '{}': the port must be 0-65535", flag, listen);
  return std::make_pair(host, static_cast<std::uint16_t>(port));
}

int run_serve(const ServeArgs& a) {
  if (a.settings_doc) {
    std::fputs(server::settings_markdown().c_str(), stdout);
    return 0;
  }
  if (a.openapi) {
    std::fputs((server::openapi_document().dump(2) + "\n").c_str(), stdout);
    return 0;
  }
  server::Settings s;
  if (!a.config.empty())
    if (auto st = server::apply_config_file(s, a.config); !st) return report_error(st.error());
  if (auto st = server::apply_environment(s); !st) return report_error(st.error());
  for (const auto& [name, value] : a.flags)
    if (auto st = server::apply_setting(s, name, value); !st)
      return report_error(st.error().with_context("--" + name));
  auto listen = split_listen(s.listen);
  if (!listen) return report_error(listen.error());
  std::optional<std::pair<std::string, std::uint16_t>> hl7_listen;
  hl7::SenderProfiles hl7_senders;
  if (!s.hl7_listen.empty()) {
    auto h = split_listen(s.hl7_listen, "--hl7-listen");
    if (!h) return report_error(h.error());
    if (s.hl7_clinic.empty())
      return report_error(Error(ErrorCode::kInvalidArgument,
                                "--hl7-listen needs --hl7-clinic ID: the clinic the messages are for"));
    if (auto z = rehab::SystemTzProvider().utc_offset_s(s.hl7_time_zone, 0); !z)
      return report_error(
          Error(ErrorCode::kInvalidArgument,
                fmt::format("--hl7-time-zone '{}': not a time zone of this system's tz database",
                            s.hl7_time_zone)));
    hl7_listen = *h;
    // Per-sender reading rules (docs/server/hl7.md, "Per-sender settings"): no file, no rules.
    auto senders = server::load_sender_profiles(s.data_dir / "hl7-senders.json", rehab::SystemTzProvider());
    if (!senders) return report_error(senders.error());
    hl7_senders = std::move(*senders);
  }
  std::optional<std::pair<std::string, std::uint16_t>> hl7_send;
  if (!s.hl7_send.empty()) {
    auto h = split_listen(s.hl7_send, "--hl7-send");
    if (!h) return report_error(h.error());
    hl7_send = *h;
  }
  if (s.test_clock) {
    const auto& host = listen->first;
    if (host != "127.0.0.1" && host != "::1" && host != "localhost")
      return report_error(Error(ErrorCode::kInvalidArgument,
                                fmt::format("--test-clock is for tests: it needs a loopback --listen address "
                                            "(127.0.0.1, ::1 or localhost), not '{}'",
                                            host)));
    TimeUs offset = 0;
    if (auto saved = load_text_file(server::test_clock_file(s.data_dir), 64))
      offset = std::atoll(saved->c_str());
    wall_clock::enable_test_mode(offset);
    std::fprintf(stderr,
                 "\n*** TEST CLOCK: this server's time is the system clock + %lld s and moves when an "
                 "administrator says (POST /api/test-clock). Never use it for a clinic's records. ***\n\n",
                 static_cast<long long>(offset / kUsPerSecond));
  }
  configure_logging(s.log_format);
  // One descriptor per connection: take the hard limit the system allows (often 1024 soft, far more hard).
  if (rlimit rl{}; getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  // Signals are taken by this thread only (sigwait below): block them before any thread starts.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  auto store = open_store(s.data_dir, s.postgres_url, s.postgres_pool, s.sqlite_readers);
  if (!store) return report_error(store.error());
  if (auto st = (*store)->migrate(); !st) return report_error(st.error().with_context("migrating the store"));

  std::error_code ec;
  std::filesystem::create_directories(s.data_dir / "tmp", ec);
  std::filesystem::create_directories(s.data_dir / "files", ec);

  server::App app(s, **store);
  std::unique_ptr<jobs::JobRunner> runner;
  if (s.job_workers > 0) {
    jobs::JobRunnerOptions jo;
    jo.workers = s.job_workers;
    jo.files_dir = app.files_dir();
    jo.models_dir = s.models_dir;
    jo.lease_seconds = s.job_lease_seconds;
    jo.hl7 = server::hl7_outbound(s);
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    jo.owner = fmt::format("{}:{}", host, getpid());
    runner = std::make_unique<jobs::JobRunner>(**store, jo);
    app.on_job_queued = [r = runner.get()] { r->notify(); };
  }

  net::ServerOptions no;
  no.host = listen->first;
  no.port = listen->second;
  no.io_threads = s.io_threads;
  no.worker_threads = s.worker_threads;
  no.handler_timeout = std::chrono::seconds(s.request_timeout_seconds);
  no.upload_dir = s.data_dir / "tmp";
  no.trust_forwarded_for = s.trust_forwarded_for;
  auto server = net::HttpServer::start(no, app);
  if (!server) return report_error(server.error());
  // Without --public-url the server names itself by the address it listens on (never a request's Host).
  app.set_listen_origin(fmt::format("http://{}:{}",
                                    no.host.find(':') != std::string::npos ? "[" + no.host + "]" : no.host,
                                    (*server)->port()));
  app.set_ready(true);
  // Visit recordings and dictations (docs/server/visit-capture.md): recognised beside the requests.
  std::vector<std::unique_ptr<server::TranscriptionLoop>> speech;
  for (int i = 0; i < s.speech_workers; ++i) {
    server::TranscriptionLoopOptions to;
    to.files_dir = app.files_dir();
    to.models_dir = s.speech_models_dir;
    to.threads = s.speech_threads;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    to.owner = fmt::format("{}:{}:speech{}", host, getpid(), i);
    to.transcript_retention_days = s.transcript_retention_days;
    speech.push_back(std::make_unique<server::TranscriptionLoop>(**store, to));
    speech.back()->start();
  }
  app.on_transcript_queued = [&speech] {
    for (auto& l : speech) l->notify();
  };
  // The address every e-mailed link starts with: the public-url setting, or the address listened on (never
  // a request's Host header).
  std::string public_url =
      s.public_url.empty()
          ? fmt::format("http://{}:{}",
                        no.host.find(':') != std::string::npos ? "[" + no.host + "]" : no.host,
                        (*server)->port())
          : s.public_url;
  while (public_url.ends_with('/')) public_url.pop_back();
  app.mail().set_public_url(public_url);
  // Exercise reminders: every server runs the loop; the claim on each patient's day is in the store.
  server::ReminderLoopOptions ro;
  ro.public_url = public_url;
  ro.smtp.host = s.smtp_host;
  ro.smtp.port = static_cast<std::uint16_t>(s.smtp_port);
  ro.mail_from = s.smtp_from;
  server::ReminderLoop reminders(**store, ro);
  reminders.start();
  // Scheduled questionnaires (docs/server/questionnaire-schedules.md): the claim on each send is in the
  // store.
  server::QuestionnaireLoopOptions qo;
  qo.smtp = ro.smtp;
  qo.mail_from = s.smtp_from;
  qo.link_days = s.questionnaire_link_days;
  qo.schedule.send_hour = static_cast<int>(s.questionnaire_send_hour);
  qo.public_url = public_url;
  server::QuestionnaireLoop questionnaires(**store, qo);
  questionnaires.start();
  // Predictions (docs/server/risk.md): at start, then nightly.
  server::InsightLoopOptions io;
  io.hour_utc = static_cast<int>(s.risk_hour);
  io.refresh.silent_days = static_cast<int>(s.risk_silent_days);
  io.refresh.retrain_days = static_cast<int>(s.risk_retrain_days);
  io.refresh.synthetic_data = s.synthetic_data;
  server::InsightLoop predictions(**store, io);
  if (s.risk_refresh) predictions.start();
  // HL7 v2 over MLLP for one clinic (docs/server/hl7.md).
  std::unique_ptr<server::Hl7Listener> hl7;
  if (hl7_listen) {
    if (auto c = (*store)->read([&](store::Tx& tx) { return tx.get_clinic(s.hl7_clinic); }); !c) {
      (*server)->stop(std::chrono::seconds(1));
      return report_error(c.error().with_context("--hl7-clinic " + s.hl7_clinic));
    }
    server::Hl7ListenerOptions ho;
    ho.net.host = hl7_listen->first;
    ho.net.port = hl7_listen->second;
    ho.inbound.clinic_id = s.hl7_clinic;
    ho.inbound.mrn_authority = s.hl7_mrn_authority;
    ho.inbound.time_zone = s.hl7_time_zone;
    ho.inbound.ack_version = s.hl7_ack_version;
    ho.inbound.senders = std::move(hl7_senders);
    auto started = server::Hl7Listener::start(**store, ho);
    if (!started) {
      (*server)->stop(std::chrono::seconds(1));
      return report_error(started.error());
    }
    hl7 = std::move(*started);
    std::printf("hl7 (MLLP) on %s:%u for clinic %s\n", ho.net.host.c_str(),
                static_cast<unsigned>(hl7->port()), s.hl7_clinic.c_str());
  }
  // Signed notes to the EHR (docs/server/notes.md).
  std::unique_ptr<server::Hl7Sender> sender;
  if (hl7_send) {
    server::Hl7SenderOptions so;
    so.host = hl7_send->first;
    so.port = hl7_send->second;
    so.outbound = server::hl7_outbound(s);  // MSH-5/6 and the MRN's authority, applied when each is sent
    sender = std::make_unique<server::Hl7Sender>(**store, so);
    sender->start();
  }
  std::printf("listening on http://%s:%u (store: %s)\n",
              no.host.find(':') != std::string::npos ? ("[" + no.host + "]").c_str() : no.host.c_str(),
              static_cast<unsigned>((*server)->port()), (*store)->backend_name().c_str());
  std::fflush(stdout);
  spdlog::info("serving on {}:{} with {} store, {} job worker(s)", no.host, (*server)->port(),
               (*store)->backend_name(), s.job_workers);

  int sig = 0;
  sigwait(&sigs, &sig);
  spdlog::info("{}: shutting down", sig == SIGINT ? "interrupt" : "terminate");
  app.set_ready(false);
  app.stop_live_sessions();  // open sets are stored as interrupted; their devices are told
  reminders.stop();
  questionnaires.stop();
  predictions.stop();
  for (auto& l : speech) l->stop();
  if (hl7) hl7->stop();
  if (sender) sender->stop();
  (*server)->stop(std::chrono::seconds(10));
  if (runner) runner->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto a = std::make_shared<ServeArgs>();
  auto* sub =
      app.add_subcommand("serve", "Run the clinic server (patient records, uploads and analysis, web pages)");
  sub->add_option("--config", a->config, "Settings file: 'name = value' lines (docs/server/settings.md)");
  sub->add_flag("--settings-doc", a->settings_doc, "Print the settings table (Markdown) and exit");
  sub->add_flag("--openapi", a->openapi,
                "Print the API's OpenAPI document (what GET /api/openapi.json serves) and exit");
  for (const auto& d : server::setting_defs()) {
    const std::string name = d.name;
    const std::string def = d.get(server::Settings{});
    sub->add_option_function<std::string>(
           "--" + name, [a, name](const std::string& v) { a->flags[name] = v; },
           d.description + " [" + d.type + "; default " + (def.empty() ? "empty" : def) + "; env " +
               server::env_name(name) + "]")
        ->type_name(d.type == "integer"   ? "INT"
                    : d.type == "boolean" ? "BOOL"
                                          : "VALUE");
  }
  sub->callback([a] { set_exit(run_serve(*a)); });
}

}  // namespace physio::cli
