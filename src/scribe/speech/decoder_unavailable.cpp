// Built when pocketsphinx's development files were not found at configure time.
#include "scribe/speech/decoder.hpp"

namespace physio::scribe::speech {

Result<std::unique_ptr<Decoder>> make_decoder(const ModelFiles&) {
  return fail(ErrorCode::kUnsupported,
              "speech recognition is unavailable: physiokit was built without pocketsphinx (install "
              "libpocketsphinx-dev and pocketsphinx-en-us, e.g. scripts/install-deps.sh, and build again)");
}

}  // namespace physio::scribe::speech
