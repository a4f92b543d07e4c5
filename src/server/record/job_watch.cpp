#include "server/record/job_watch.hpp"

#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"

namespace physio::server {

struct JobWatch::Watcher : net::WsSession {
  std::string clinic_id, job_id, last_sent;
  std::shared_ptr<net::WsConnection> conn;
  std::mutex mu;
  bool closed = false;
  void on_open(std::shared_ptr<net::WsConnection> c) override {
    std::lock_guard lk(mu);
    conn = std::move(c);
  }
  void on_text(std::string_view) override {}
  void on_binary(std::string_view) override {}
  void on_close() override {
    std::lock_guard lk(mu);
    closed = true;
    conn.reset();
  }
};

JobWatch::JobWatch(store::Store& store) : store_(store), thread_([this] { run(); }) {}

JobWatch::~JobWatch() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::shared_ptr<net::WsSession> JobWatch::subscribe(const std::string& clinic_id, const std::string& job_id) {
  auto w = std::make_shared<Watcher>();
  w->clinic_id = clinic_id;
  w->job_id = job_id;
  std::lock_guard lk(mu_);
  watchers_.push_back(w);
  cv_.notify_all();
  return w;
}

void JobWatch::run() {
  std::unique_lock lk(mu_);
  while (!stopping_) {
    cv_.wait_for(lk, std::chrono::milliseconds(500));
    if (stopping_) break;
    std::vector<std::shared_ptr<Watcher>> live;
    for (auto& weak : watchers_)
      if (auto w = weak.lock()) live.push_back(std::move(w));
    watchers_.assign(live.begin(), live.end());
    lk.unlock();
    for (auto& w : live) {
      std::shared_ptr<net::WsConnection> conn;
      {
        std::lock_guard wl(w->mu);
        if (w->closed || !w->conn) continue;
        conn = w->conn;
      }
      auto job = store_.read([&](store::Tx& tx) { return tx.get_job(w->clinic_id, w->job_id); });
      if (!job) continue;
      std::string msg = job_json(*job).dump();
      if (msg != w->last_sent) {
        conn->send_text(msg);
        w->last_sent = std::move(msg);
      }
      if (job->state == "done" || job->state == "failed") conn->close(1000, "job finished");
    }
    lk.lock();
  }
}

}  // namespace physio::server
