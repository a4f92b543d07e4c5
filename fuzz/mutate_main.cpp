// A small deterministic mutation fuzzer for the libFuzzer entry points, for compilers without libFuzzer
// (g++ here; clang-14 cannot compile our std::expected code). Linked to the same
// LLVMFuzzerTestOneInput as <parser>_fuzzer and <parser>_fuzz_replay; built as <parser>_fuzz_mutate.
//
//   <parser>_fuzz_mutate [--seconds N] [--runs N] [--seed S] [--max-len N] [--out DIR]
//                        [--dict FILE] [--minimise FILE] corpus_folder_or_file...
//
// Method: no coverage feedback. The corpus files are loaded (plus their "tokens": words made of letters,
// digits and '_' that start with a letter, such as CSV column names and JSON keys, and a fixed dictionary
// of awkward numbers and punctuation). Each run picks one corpus input, applies 1-8 random mutations
// (bit flip; byte set to an interesting value; insert / delete / duplicate a random span; splice with
// another corpus input; insert or overwrite with a dictionary token; replace one number by a dictionary
// number) and calls the entry point. The seed of the pseudo-random generator fully determines the run
// sequence, so `--seed S --runs N` replays a campaign exactly. Budget: --seconds (default 60) and/or
// --runs; with --runs alone there is no time limit. Inputs longer than --max-len (default 8192) are cut.
//
// Before each call the input is written to <out>/current (default out: /tmp/physio_fuzz_<pid>), so that
// when a sanitizer or an assertion kills the process the reproducer is on disk. Progress (runs, runs/s)
// is printed every 5 s and at the end. Exit status 0 when the budget was used without a crash.
//
// --minimise FILE: shrinks a crashing input by forking: each candidate (span removed, byte simplified)
// runs in a child process; a candidate is kept when the child still dies by a signal or a non-zero exit.
// The smallest crashing input is written to <out>/minimised.

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;
using Bytes = std::string;

struct Options {
  double seconds = 60.0;  // time budget; with --runs and no --seconds, none
  bool seconds_set = false;
  std::uint64_t runs = 0;  // 0 = no run limit
  std::uint64_t seed = 1;
  std::size_t max_len = 8192;
  fs::path out;
  fs::path dict;
  fs::path minimise;
  std::vector<fs::path> corpus;
};

constexpr std::array<std::uint8_t, 10> kInteresting = {0x00, 0xff, 0x7f, '-', '.', ',', '\n', '"', 'e', '9'};

// Awkward numbers and the punctuation of the formats we read.
constexpr std::array<std::string_view, 38> kBaseTokens = {"nan",
                                                          "NaN",
                                                          "inf",
                                                          "-inf",
                                                          "Infinity",
                                                          "-0",
                                                          "0",
                                                          "1e308",
                                                          "-1e308",
                                                          "1e309",
                                                          "1e-320",
                                                          "4.9e-324",
                                                          "99999999999999999999",
                                                          "-99999999999999999999",
                                                          "2147483648",
                                                          "-2147483649",
                                                          "18446744073709551616",
                                                          "0x10",
                                                          "1.",
                                                          ".5",
                                                          "1e",
                                                          "--1",
                                                          "{",
                                                          "}",
                                                          "[",
                                                          "]",
                                                          ":",
                                                          ",",
                                                          "\"",
                                                          "null",
                                                          "true",
                                                          "false",
                                                          "{}",
                                                          "[]",
                                                          "\t",
                                                          ";",
                                                          "\r\n",
                                                          "\\u0000"};

constexpr std::array<std::string_view, 13> kNumberTokens = {"nan",
                                                            "inf",
                                                            "-inf",
                                                            "-0",
                                                            "0",
                                                            "1e308",
                                                            "1e-320",
                                                            "99999999999999999999",
                                                            "-1",
                                                            "2147483648",
                                                            "1e309",
                                                            "4294967296",
                                                            "-99999999999999999999"};

bool read_file(const fs::path& p, Bytes& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool write_file(const fs::path& p, std::string_view bytes) {
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) return false;
  const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

void add_tokens_of(std::string_view text, std::set<std::string>& tokens) {
  std::size_t i = 0;
  while (i < text.size() && tokens.size() < 512) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalpha(c)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
    if (j - i >= 2 && j - i <= 40) tokens.emplace(text.substr(i, j - i));
    i = j;
  }
}

class Mutator {
 public:
  Mutator(std::uint64_t seed, std::size_t max_len, const std::vector<Bytes>& corpus,
          std::vector<std::string> tokens)
      : rng_(seed), max_len_(max_len), corpus_(corpus), tokens_(std::move(tokens)) {}

  std::size_t below(std::size_t n) {  // uniform in [0, n), n > 0
    return static_cast<std::size_t>(rng_() % n);
  }

  Bytes next() {
    Bytes b = corpus_[below(corpus_.size())];
    const std::size_t n = 1 + below(8);
    for (std::size_t k = 0; k < n; ++k) mutate_once(b);
    if (b.size() > max_len_) b.resize(max_len_);
    return b;
  }

 private:
  std::size_t span_len(std::size_t avail) {  // mostly short spans, sometimes long ones
    if (avail == 0) return 0;
    const std::size_t cap = below(4) == 0 ? avail : std::min<std::size_t>(avail, 16);
    return 1 + below(cap);
  }

  void mutate_once(Bytes& b) {
    switch (below(10)) {
      case 0:  // bit flip
        if (!b.empty()) b[below(b.size())] ^= static_cast<char>(1u << below(8));
        break;
      case 1:  // interesting byte
        if (!b.empty()) b[below(b.size())] = static_cast<char>(kInteresting[below(kInteresting.size())]);
        break;
      case 2: {  // insert random or interesting bytes
        const std::size_t pos = below(b.size() + 1);
        const std::size_t len = 1 + below(4);
        Bytes ins;
        for (std::size_t i = 0; i < len; ++i)
          ins.push_back(below(2) == 0 ? static_cast<char>(kInteresting[below(kInteresting.size())])
                                      : static_cast<char>(below(256)));
        b.insert(pos, ins);
        break;
      }
      case 3: {  // delete a span
        if (b.empty()) break;
        const std::size_t pos = below(b.size());
        b.erase(pos, span_len(b.size() - pos));
        break;
      }
      case 4: {  // duplicate a span (repeated rows, nested brackets)
        if (b.empty() || b.size() >= max_len_) break;
        const std::size_t pos = below(b.size());
        const std::size_t len = span_len(b.size() - pos);
        const Bytes piece = b.substr(pos, len);
        const std::size_t times = 1 + below(below(8) == 0 ? 64 : 3);
        const std::size_t at = below(b.size() + 1);
        for (std::size_t t = 0; t < times && b.size() + piece.size() <= max_len_; ++t) b.insert(at, piece);
        break;
      }
      case 5: {  // splice: head of this input, tail of another
        const Bytes& other = corpus_[below(corpus_.size())];
        const std::size_t cut = below(b.size() + 1);
        const std::size_t from = below(other.size() + 1);
        b = b.substr(0, cut) + other.substr(from);
        break;
      }
      case 6:
      case 7: {  // insert or overwrite with a token
        const std::string& tok = tokens_[below(tokens_.size())];
        const std::size_t pos = below(b.size() + 1);
        if (below(2) == 0 || pos == b.size())
          b.insert(pos, tok);
        else
          b.replace(pos, std::min(tok.size(), b.size() - pos), tok);
        break;
      }
      case 8:
      case 9: {  // replace one number by an awkward one
        if (b.empty()) break;
        std::size_t pos = below(b.size());
        std::size_t tries = 0;
        while (tries < b.size() && !std::isdigit(static_cast<unsigned char>(b[pos]))) {
          pos = (pos + 1) % b.size();
          ++tries;
        }
        if (tries == b.size()) break;
        std::size_t s = pos;
        while (s > 0 && (std::isdigit(static_cast<unsigned char>(b[s - 1])) || b[s - 1] == '.' ||
                         b[s - 1] == '-' || b[s - 1] == 'e' || b[s - 1] == 'E'))
          --s;
        std::size_t e = pos;
        while (e < b.size() && (std::isdigit(static_cast<unsigned char>(b[e])) || b[e] == '.' ||
                                b[e] == 'e' || b[e] == 'E' || b[e] == '-' || b[e] == '+'))
          ++e;
        b.replace(s, e - s, kNumberTokens[below(kNumberTokens.size())]);
        break;
      }
      default:
        break;
    }
  }

  std::mt19937_64 rng_;
  std::size_t max_len_;
  const std::vector<Bytes>& corpus_;
  std::vector<std::string> tokens_;
};

void usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--seconds N] [--runs N] [--seed S] [--max-len N] [--out DIR] [--dict FILE]\n"
               "          [--minimise FILE] corpus_folder_or_file...\n",
               argv0);
}

bool parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](const char*& v) {
      if (i + 1 >= argc) return false;
      v = argv[++i];
      return true;
    };
    const char* v = nullptr;
    char* end = nullptr;
    if (a == "--seconds") {
      if (!value(v)) return false;
      o.seconds = std::strtod(v, &end);
      if (*end != '\0' || !(o.seconds > 0.0)) return false;
      o.seconds_set = true;
    } else if (a == "--runs") {
      if (!value(v)) return false;
      o.runs = std::strtoull(v, &end, 10);
      if (*end != '\0') return false;
    } else if (a == "--seed") {
      if (!value(v)) return false;
      o.seed = std::strtoull(v, &end, 10);
      if (*end != '\0') return false;
    } else if (a == "--max-len") {
      if (!value(v)) return false;
      o.max_len = static_cast<std::size_t>(std::strtoull(v, &end, 10));
      if (*end != '\0' || o.max_len == 0) return false;
    } else if (a == "--out") {
      if (!value(v)) return false;
      o.out = v;
    } else if (a == "--dict") {
      if (!value(v)) return false;
      o.dict = v;
    } else if (a == "--minimise") {
      if (!value(v)) return false;
      o.minimise = v;
    } else if (a.starts_with("--")) {
      return false;
    } else {
      o.corpus.emplace_back(a);
    }
  }
  return o.minimise.empty() ? !o.corpus.empty() : true;
}

bool load_corpus(const std::vector<fs::path>& args, std::vector<Bytes>& corpus) {
  for (const auto& arg : args) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& e : fs::directory_iterator(arg, ec))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: no such file or folder\n", arg.c_str());
      return false;
    }
    for (const auto& f : files) {
      Bytes b;
      if (!read_file(f, b)) {
        std::fprintf(stderr, "cannot read %s\n", f.c_str());
        return false;
      }
      corpus.push_back(std::move(b));
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  return true;
}

// Runs the entry point on `input` in a child; true when the child crashed (signal or non-zero exit).
bool crashes_in_child(const Bytes& input) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    // Quiet child: sanitizer reports of every candidate would flood the terminal.
    if (std::FILE* null = std::freopen("/dev/null", "w", stderr); null == nullptr) _exit(0);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    _exit(0);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return false;
  return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

int minimise(const Options& o) {
  Bytes best;
  if (!read_file(o.minimise, best)) {
    std::fprintf(stderr, "cannot read %s\n", o.minimise.c_str());
    return 2;
  }
  if (!crashes_in_child(best)) {
    std::fprintf(stderr, "%s does not crash: nothing to minimise\n", o.minimise.c_str());
    return 1;
  }
  // Remove spans, halving the span length down to single bytes, until nothing more can go.
  bool progress = true;
  while (progress) {
    progress = false;
    for (std::size_t len = std::max<std::size_t>(best.size() / 2, 1); len >= 1; len /= 2) {
      for (std::size_t pos = 0; pos < best.size();) {
        Bytes cand = best;
        cand.erase(pos, len);
        if (crashes_in_child(cand)) {
          best = std::move(cand);
          progress = true;
        } else {
          pos += len;
        }
      }
      if (len == 1) break;
    }
  }
  const fs::path dst = o.out / "minimised";
  if (!write_file(dst, best)) {
    std::fprintf(stderr, "cannot write %s\n", dst.c_str());
    return 2;
  }
  std::printf("minimised %s: %zu bytes -> %s\n", o.minimise.c_str(), best.size(), dst.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_args(argc, argv, o)) {
    usage(argv[0]);
    return 2;
  }
  if (o.out.empty()) o.out = fs::temp_directory_path() / ("physio_fuzz_" + std::to_string(getpid()));
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", o.out.c_str(), ec.message().c_str());
    return 2;
  }
  if (!o.minimise.empty()) return minimise(o);

  std::vector<Bytes> corpus;
  if (!load_corpus(o.corpus, corpus)) return 2;
  std::set<std::string> token_set(kBaseTokens.begin(), kBaseTokens.end());
  for (const auto& c : corpus) add_tokens_of(c, token_set);
  if (!o.dict.empty()) {
    Bytes d;
    if (!read_file(o.dict, d)) {
      std::fprintf(stderr, "cannot read %s\n", o.dict.c_str());
      return 2;
    }
    std::size_t start = 0;
    while (start < d.size()) {
      std::size_t nl = d.find('\n', start);
      if (nl == Bytes::npos) nl = d.size();
      if (nl > start) token_set.emplace(d.substr(start, nl - start));
      start = nl + 1;
    }
  }
  Mutator mutator(o.seed, o.max_len, corpus, std::vector<std::string>(token_set.begin(), token_set.end()));
  const fs::path current = o.out / "current";
  std::printf("%zu corpus inputs, %zu tokens, seed %llu, reproducer: %s\n", corpus.size(), token_set.size(),
              static_cast<unsigned long long>(o.seed), current.c_str());
  std::fflush(stdout);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto last_report = t0;
  std::uint64_t runs = 0;
  auto elapsed_s = [&](Clock::time_point now) { return std::chrono::duration<double>(now - t0).count(); };
  // The corpus itself first, then mutants.
  for (std::size_t i = 0;; ++i) {
    if (o.runs != 0 && runs >= o.runs) break;
    const Bytes input = i < corpus.size() ? corpus[i] : mutator.next();
    if (!write_file(current, input)) {
      std::fprintf(stderr, "cannot write %s\n", current.c_str());
      return 2;
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    ++runs;
    if ((runs & 63u) == 0) {
      const auto now = Clock::now();
      if ((o.runs == 0 || o.seconds_set) && elapsed_s(now) >= o.seconds) break;
      if (std::chrono::duration<double>(now - last_report).count() >= 5.0) {
        last_report = now;
        std::printf("#%llu  %.0f s  %.0f runs/s\n", static_cast<unsigned long long>(runs), elapsed_s(now),
                    static_cast<double>(runs) / elapsed_s(now));
        std::fflush(stdout);
      }
    }
  }
  const double total_s = std::max(elapsed_s(Clock::now()), 1e-9);
  std::printf("done: %llu runs in %.1f s, %.0f runs/s, no crash\n", static_cast<unsigned long long>(runs),
              total_s, static_cast<double>(runs) / total_s);
  return 0;
}
