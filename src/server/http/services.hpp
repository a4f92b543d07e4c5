#pragma once
/// What every route handler may use of the running server, whatever its context: the settings, the
/// store, the audit writer, the login throttle, the test hooks, the job queue's wake-up, and the services
/// one context owns (the live hub), found by type. The app (server/app) implements it and wires the
/// contexts; a context sees only this interface, never the app or another context.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <typeindex>

#include "server/http/audit_writer.hpp"
#include "server/http/login_throttle.hpp"
#include "server/http/settings.hpp"
#include "store/store.hpp"

namespace physio::server {

/// Set only by tests: disables the authorization check of one route, to show that the authorization
/// matrix catches a handler without its check. Never reachable from configuration.
struct TestHooks {
  std::string skip_authorization_for;  ///< "GET /api/patients/{id}"
};

class Services {
 public:
  virtual ~Services() = default;

  virtual const Settings& settings() const = 0;
  virtual store::Store& store() = 0;
  virtual AuditWriter& audit() = 0;
  virtual LoginThrottle& throttle() = 0;
  virtual const TestHooks& hooks() const = 0;
  /// Wakes local job workers after a job was queued (an upload, a stored live set).
  virtual void notify_job_queued() = 0;
  /// Wakes the local transcription loop after a visit recording or dictation was stored.
  virtual void notify_transcript_queued() {}

  /// The server's own address as others are to use it ("https://clinic.example.org", no trailing slash):
  /// `public-url`, else the address it listens on once known; "" before that. The FHIR base URL, the
  /// SMART issuer, the token endpoint a client assertion names and the links it hands out all come from
  /// here, never from a request's Host header.
  virtual std::string public_origin() const {
    std::string url = settings().public_url;
    while (url.ends_with('/')) url.pop_back();
    return url;
  }

  /// Where uploaded files and reports live: <data>/files.
  std::filesystem::path files_dir() const { return settings().data_dir / "files"; }

  /// The service of type T that one context owns and the app registered (the live hub). Throws
  /// std::logic_error when the app registered none: a wiring mistake, not a request's.
  template <class T>
  T& get() {
    void* p = find_service(std::type_index(typeid(T)));
    if (p == nullptr) throw std::logic_error(std::string("no service registered: ") + typeid(T).name());
    return *static_cast<T*>(p);
  }

 protected:
  virtual void* find_service(std::type_index type) = 0;
};

}  // namespace physio::server
