#pragma once
/// WebSocket subscribers to a job's progress. One thread polls the watched jobs in the store twice a
/// second (the store is the truth, so a job run by another server is seen too) and sends the job's JSON
/// to its subscribers whenever it changed; the socket closes once the job is done or failed.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "server/net/http.hpp"
#include "store/store.hpp"

namespace physio::server {

class JobWatch {
 public:
  explicit JobWatch(store::Store& store);
  ~JobWatch();
  JobWatch(const JobWatch&) = delete;
  JobWatch& operator=(const JobWatch&) = delete;

  std::shared_ptr<net::WsSession> subscribe(const std::string& clinic_id, const std::string& job_id);

 private:
  struct Watcher;
  void run();

  store::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::weak_ptr<Watcher>> watchers_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace physio::server
