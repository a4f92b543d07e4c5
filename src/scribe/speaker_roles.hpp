#pragma once
/// Whether a transcript's clinician and patient labels look the wrong way round.
///
/// Diarised transcripts label speakers by a recogniser's or a typist's guess, and some come with the roles
/// swapped (5 of the 67 ACI-BENCH development encounters: the "clinician" says "I'm a little bit anxious
/// about having hep C" and the "patient" asks "have you been taking your medications?"). Read the other way
/// round, every patient statement is dropped as the clinician's and every question is lost. The check counts,
/// per 100 words of each labelled speaker, first-person words ("my", "I'm", "I've", "I have", "I feel", "I
/// had") and second-person questions and words ("your", "you've", "have you", "do you", "are you", "did
/// you"): a patient speaks of themselves, a clinician asks about the patient.

#include <optional>
#include <string>

#include "scribe/transcript.hpp"

namespace physio::scribe {

struct SpeakerRoles {
  bool swapped = false;
  /// Per 100 words of what each label says: first-person minus second-person words.
  double clinician_self = 0, patient_self = 0;
  /// Words said under each label.
  std::size_t clinician_words = 0, patient_words = 0;
};

/// Swapped when each label has at least 50 words, the clinician's label speaks of itself more than the
/// patient's by more than 2 per 100 words, and asks less about "you" than the patient's label does.
SpeakerRoles check_speaker_roles(const Transcript& t);

/// What a clinician reads beside the suggestions when the labels look swapped (they are read the other way
/// round): nullopt when the speakers are not known or the labels look right.
std::optional<std::string> speaker_roles_warning(const Transcript& t);

/// The transcript with clinician and patient exchanged (other and unknown speakers kept).
Transcript with_roles_swapped(Transcript t);

}  // namespace physio::scribe
