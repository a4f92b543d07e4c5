// WebSocket upgrade, echo, limits and the bounded send queue.
#include <future>

#include "server_net/test_handler.hpp"

namespace physio::net::test {
namespace {

TEST_F(ServerTest, WebSocketEchoesTextAndBinary) {
  start();
  auto ws = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(server->open_connections(), 1u);
  ASSERT_TRUE(ws->send_text("hello"));
  auto m = ws->read();
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->data, "hello");
  EXPECT_FALSE(m->binary);
  const std::string bin("\x00\x01\xff", 3);
  ASSERT_TRUE(ws->send_binary(bin));
  auto b = ws->read();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->data, bin);
  EXPECT_TRUE(b->binary);
  ASSERT_TRUE(ws->close());
  auto session = handler.session(0);
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->wait_closed());
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 0; }));
}

TEST_F(ServerTest, WebSocketRefusedUpgradeKeepsItsStatus) {
  start();
  auto ws = WsClient::connect("127.0.0.1", server->port(), "/ws/nothing");
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().message().find("404"), std::string::npos) << ws.error().message();
}

TEST_F(ServerTest, WebSocketServerCloseReachesTheClient) {
  start();
  auto ws = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text("bye"));
  auto m = ws->read();
  ASSERT_FALSE(m);
  EXPECT_EQ(ws->close_code(), 4000);
}

TEST_F(ServerTest, WebSocketOversizedMessageCloses1009) {
  options.ws_max_message_bytes = 1024;
  start();
  auto ws = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text(std::string(2000, 'x')));
  auto m = ws->read();
  ASSERT_FALSE(m);
  EXPECT_EQ(ws->close_code(), 1009);
}

TEST_F(ServerTest, WebSocketClientThatNeverReadsIsClosedAndOthersKeepWorking) {
  start();
  auto flooded = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(flooded);
  auto other = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(other);
  ASSERT_TRUE(flooded->send_text("flood"));  // then never reads
  auto flooded_session = handler.session(0);
  ASSERT_TRUE(flooded_session);
  // While the server fills the first socket, the second connection answers.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(other->send_text("ping " + std::to_string(i)));
    auto m = other->read();
    ASSERT_TRUE(m) << m.error().to_string();
    EXPECT_EQ(m->data, "ping " + std::to_string(i));
  }
  EXPECT_TRUE(flooded_session->wait_closed());
  ASSERT_TRUE(other->send_text("still here"));
  auto m = other->read();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->data, "still here");
  // What the flooded client finds when it finally reads: data, then the end of the connection.
  Result<WsMessage> last = flooded->read();
  while (last) last = flooded->read();
  EXPECT_TRUE(wait_until([&] { return server->open_connections() == 1; }));
}

TEST_F(ServerTest, StopClosesWebSockets1001) {
  start();
  auto ws = WsClient::connect("127.0.0.1", server->port(), "/ws/echo");
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->send_text("x"));
  ASSERT_TRUE(ws->read());
  auto stopping = std::async(std::launch::async, [this] { server->stop(std::chrono::seconds(10)); });
  auto m = ws->read();
  ASSERT_FALSE(m);
  EXPECT_EQ(ws->close_code(), 1001);
  stopping.get();
  EXPECT_TRUE(handler.session(0)->wait_closed());
  EXPECT_EQ(server->open_connections(), 0u);
}

}  // namespace
}  // namespace physio::net::test
