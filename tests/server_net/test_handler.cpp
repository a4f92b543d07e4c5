#include "server_net/test_handler.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "common/test_data.hpp"

namespace physio::net::test {

EchoSession::~EchoSession() {
  if (flood_.joinable()) flood_.join();
}

void EchoSession::on_open(std::shared_ptr<WsConnection> conn) {
  const std::lock_guard lock(mu_);
  conn_ = std::move(conn);
}

void EchoSession::on_text(std::string_view msg) {
  auto conn = connection();
  if (msg == "flood") {
    // Paced so that a reading client could keep up; one that does not read fills the queue.
    flood_ = std::thread([conn] {
      const std::string chunk(64 * 1024, 'x');
      while (conn->is_open()) {
        conn->send_text(chunk);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    return;
  }
  if (msg == "bye") {
    conn->close(4000, "bye");
    return;
  }
  conn->send_text(std::string(msg));
}

void EchoSession::on_binary(std::string_view msg) {
  connection()->send_binary(std::string(msg));
}

void EchoSession::on_close() {
  const std::lock_guard lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

bool EchoSession::wait_closed() {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, std::chrono::seconds(20), [this] { return closed_; });
}

std::shared_ptr<WsConnection> EchoSession::connection() {
  const std::lock_guard lock(mu_);
  return conn_;
}

std::variant<BodyPolicy, Response> TestHandler::on_head(const Request& head) {
  if (head.path.starts_with("/missing")) return error_response(404, "no such thing");
  if (head.path == "/upload") return BodyPolicy{.max_bytes = 1 << 20, .to_file = true};
  return BodyPolicy{.max_bytes = 1 << 20, .to_file = false};
}

Response TestHandler::handle(Request& request) {
  ++handled;
  Response r;
  r.headers.push_back({"content-type", "text/plain"});
  if (request.path == "/hello") {
    r.body = "hello";
  } else if (request.path == "/echo") {
    r.body = request.body;
    r.headers.push_back({"x-body-size", std::to_string(request.body_size)});
  } else if (request.path == "/upload") {
    ++uploads_handled;
    {
      const std::lock_guard lock(mu);
      last_upload = request.body_file;
      last_upload_existed = std::filesystem::exists(request.body_file);
    }
    return json_response(200, "{\"size\":" + std::to_string(request.body_size) + "}");
  } else if (request.path == "/slow") {
    gate.arrive();
    r.body = "slow done";
  } else if (request.path == "/throw") {
    throw std::runtime_error("handler bug");
  } else if (request.path == "/client") {
    r.body = request.client_address;
  } else if (request.path == "/query") {
    for (const auto& [name, value] : request.query_params()) r.body += name + "=" + value + ";";
  } else if (request.path == "/file") {
    r.file = file_to_serve;
  } else if (request.path == "/bad-header") {
    r.headers.push_back({"x-injected", "a\r\nset-cookie: evil=1"});
    r.body = "ok";
  } else {
    return error_response(404, "not found");
  }
  return r;
}

std::variant<std::shared_ptr<WsSession>, Response> TestHandler::on_websocket(Request& request) {
  if (request.path != "/ws/echo") return error_response(404, "no such socket");
  auto session = std::make_shared<EchoSession>();
  const std::lock_guard lock(mu);
  sessions.push_back(session);
  return session;
}

std::shared_ptr<EchoSession> TestHandler::session(std::size_t i) {
  const std::lock_guard lock(mu);
  return i < sessions.size() ? sessions[i] : nullptr;
}

std::size_t count_files(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

void ServerTest::SetUp() {
  if (std::getenv("PHYSIO_NET_DEBUG") != nullptr) spdlog::set_level(spdlog::level::debug);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  uploads =
      physio::test::scratch_dir(std::string("server_net_") + info->test_suite_name() + "_" + info->name());
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 4;
  options.max_header_bytes = 4096;
  options.upload_dir = uploads;
  options.ws_max_queue_bytes = 256 * 1024;
}

void ServerTest::TearDown() {
  if (server) server->stop(std::chrono::milliseconds(2000));
  server.reset();
}

void ServerTest::start() {
  if (server) server->stop(std::chrono::milliseconds(2000));
  auto started = HttpServer::start(options, handler);
  ASSERT_TRUE(started) << started.error().to_string();
  server = std::move(*started);
  ASSERT_NE(server->port(), 0);
}

HttpClientConnection ServerTest::connect() {
  auto c = HttpClientConnection::connect("127.0.0.1", server->port());
  if (!c) ADD_FAILURE() << c.error().to_string();
  return std::move(c).value();
}

}  // namespace physio::net::test
