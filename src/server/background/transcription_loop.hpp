#pragma once
/// The transcription loop (docs/server/visit-capture.md): beside the requests, every server with speech
/// workers claims the oldest queued visit recording or dictation under a lease (several servers share the
/// queue), recognises it with pocketsphinx (scribe/speech, the adapted physiotherapy model), stores the
/// transcript, and for a visit its fact suggestions (scribe::extract_facts, scribe::suggestions_to_json);
/// a dictation's utterances land in their section of the draft as sentences citing the audio. Progress is
/// stored about once a second. Each pass also deletes the audio that is due (the note signed, the retention
/// days passed, the patient's consent to visit recording withdrawn: a queued recognition then fails with
/// that reason) and the transcripts of signed notes past the transcript retention.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.hpp"

namespace physio::server {

struct TranscriptionLoopOptions {
  std::filesystem::path files_dir;   ///< <data>/files
  std::filesystem::path models_dir;  ///< the adapted speech model; empty: its default search
  int threads = 2;                   ///< decoders per recognition
  std::string owner;                 ///< this server's name in leases (host:pid)
  std::int64_t lease_seconds = 120;
  int max_attempts = 2;
  std::int64_t transcript_retention_days = 0;  ///< 0: kept as long as the record
  std::chrono::milliseconds period{2000};
};

class TranscriptionLoop {
 public:
  TranscriptionLoop(store::Store& store, TranscriptionLoopOptions options);
  ~TranscriptionLoop();
  TranscriptionLoop(const TranscriptionLoop&) = delete;
  TranscriptionLoop& operator=(const TranscriptionLoop&) = delete;

  void start();
  void stop();
  /// Wakes the loop (a recording was stored, a note signed).
  void notify();

  /// Deletes what is due (audio, old transcripts); the number of audio files deleted.
  int housekeeping();
  /// Claims and recognises at most one recording on the calling thread; true when one ran.
  bool run_one();

 private:
  void loop();

  store::Store& store_;
  TranscriptionLoopOptions o_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int jump_listener_ = 0;  ///< woken by a jump of the test clock
  std::uint64_t wakeups_ = 0;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace physio::server
