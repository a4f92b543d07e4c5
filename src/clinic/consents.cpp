#include "clinic/consents.hpp"

#include <array>

namespace physio::clinic {
namespace {

constexpr std::array kKinds{
    ConsentKind{"telehealth", "Video and camera sessions",
                "Exercise sessions and visits using the patient's own camera; the video stays on their device."},
    ConsentKind{"remote_monitoring", "Remote monitoring",
                "The physiotherapist reviews the exercise data sent from home between visits (and may bill for "
                "it where the payer allows)."},
    ConsentKind{"data_use", "Use of data beyond care",
                "De-identified data used to improve the service and for audit."},
    ConsentKind{"visit_audio_recording", "Visit audio recording",
                "The visit may be recorded as sound on the clinic's server, turned into a transcript that helps "
                "write the note; the sound is deleted once the note is signed."},
};

constexpr std::array<std::string_view, 4> kMethods{"in_person_signed", "in_person_verbal", "phone", "online"};

}  // namespace

std::span<const ConsentKind> consent_kinds() {
  return kKinds;
}

const ConsentKind* find_consent_kind(std::string_view id) {
  for (const auto& k : kKinds)
    if (k.id == id) return &k;
  return nullptr;
}

std::span<const std::string_view> consent_methods() {
  return kMethods;
}

std::optional<Consent> current_consent(const std::vector<Consent>& register_rows, std::string_view kind) {
  const Consent* latest = nullptr;
  for (const auto& c : register_rows) {
    if (c.kind != kind) continue;
    if (!latest || c.recorded_us > latest->recorded_us ||
        (c.recorded_us == latest->recorded_us && c.id > latest->id))
      latest = &c;
  }
  return latest ? std::optional<Consent>(*latest) : std::nullopt;
}

bool consent_given(const std::vector<Consent>& register_rows, std::string_view kind) {
  auto c = current_consent(register_rows, kind);
  return c && c->status == "given";
}

}  // namespace physio::clinic
