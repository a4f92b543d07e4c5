#pragma once
// libsodium must be initialised once before use; every function here calls this first.
namespace physio::security::detail {
void ensure_sodium();
}
