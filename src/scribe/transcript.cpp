#include "scribe/transcript.hpp"

namespace physio::scribe {

const char* speaker_name(Speaker s) {
  switch (s) {
    case Speaker::kClinician:
      return "clinician";
    case Speaker::kPatient:
      return "patient";
    case Speaker::kOther:
      return "other";
    case Speaker::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace physio::scribe
