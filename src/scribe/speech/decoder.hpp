#pragma once
/// One pocketsphinx decoder (internal to scribe_speech): loads a model once and recognises utterances
/// one after the other. Not thread-safe; make one per thread.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "scribe/speech/recognizer.hpp"

namespace physio::scribe::speech {

struct DecodedWord {
  std::string text;    ///< the dictionary word without its "(2)" variant mark
  double start_s = 0;  ///< from the utterance's start
  double end_s = 0;
  double confidence = 0;  ///< posterior probability in the lattice, [0, 1]
};

class Decoder {
 public:
  virtual ~Decoder() = default;
  /// [n] 16 kHz mono samples of one utterance -> its words (fillers and silences dropped).
  virtual Result<std::vector<DecodedWord>> decode(std::span<const std::int16_t> pcm_16k) = 0;
};

/// kUnsupported when built without pocketsphinx; kNotFound / kParse when a model file is absent or bad.
Result<std::unique_ptr<Decoder>> make_decoder(const ModelFiles& model);

}  // namespace physio::scribe::speech
