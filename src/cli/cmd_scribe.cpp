// physio scribe transcribe <audio.wav> [-o transcript.json] [--model stock|adapted] [--max-hours H]
//   | facts <transcript> [-o facts.json] | segments <transcript> | eval --annotations DIR
//   [--set dev|held-out|all] | agreement <first> <second>
// Speech recognition of visit recordings, fact suggestions from visit transcripts and their evaluation
// against hand-annotated facts (docs/validation/scribe.md). Exit status: 0 done, 2 usage, 3 missing file,
// 4 bad input.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include "cli/commands.hpp"

#include "core/file_io.hpp"
#include "core/progress.hpp"
#include "scribe/evaluate.hpp"
#include "scribe/extract.hpp"
#include "scribe/speech/recognizer.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/transcript.hpp"
#include "scribe/vocabulary.hpp"
#include "scribe/wer.hpp"

namespace physio::cli {
// A named namespace, so the using-directive stays here when the build joins source files (unity batches).
namespace scribe_cmd {

namespace fs = std::filesystem;
using namespace physio::scribe;

std::string pct(const std::optional<double>& v);

struct FactsOptions {
  std::string transcript;
  std::string format = "auto";
  std::string doctor, patient, encounter, out;
};

// The partner of "x_doctor.TextGrid" is "x_patient.TextGrid" (PriMock57's naming), and back.
std::string partner_of(const std::string& path) {
  for (auto [a, b] : {std::pair{"_doctor.", "_patient."}, std::pair{"_patient.", "_doctor."}}) {
    auto at = path.rfind(a);
    if (at != std::string::npos) return path.substr(0, at) + b + path.substr(at + std::string(a).size());
  }
  return {};
}

Result<Transcript> read_textgrid_file(const std::string& path, std::optional<Speaker> who) {
  std::string text = PHYSIO_TRY(load_text_file(path));
  return parse_textgrid(text, path, who);
}

Result<Transcript> read_transcript(const FactsOptions& o) {
  auto fmt_opt = parse_transcript_format(o.format);
  if (!fmt_opt)
    return fail(ErrorCode::kInvalidArgument,
                "--format: expected auto, json, textgrid, aci or text, got \"{}\"", o.format);
  if (!o.doctor.empty() || !o.patient.empty()) {
    if (o.doctor.empty() || o.patient.empty())
      return fail(ErrorCode::kInvalidArgument,
                  "--doctor and --patient go together (one TextGrid per speaker)");
    Transcript d = PHYSIO_TRY(read_textgrid_file(o.doctor, Speaker::kClinician));
    Transcript p = PHYSIO_TRY(read_textgrid_file(o.patient, Speaker::kPatient));
    return merge_channels(std::move(d), std::move(p));
  }
  if (o.transcript.empty())
    return fail(ErrorCode::kInvalidArgument, "a transcript file, or --doctor and --patient, is needed");
  std::string text = PHYSIO_TRY(load_text_file(o.transcript));
  TranscriptFormat f = *fmt_opt == TranscriptFormat::kAuto ? detect_transcript_format(text) : *fmt_opt;
  switch (f) {
    case TranscriptFormat::kJson:
      return parse_transcript_json(text, o.transcript);
    case TranscriptFormat::kTextGrid: {
      std::string other = partner_of(o.transcript);
      std::error_code ec;
      if (!other.empty() && fs::is_regular_file(other, ec)) {
        // A PriMock57 channel with its partner beside it: both, merged.
        bool is_doctor = o.transcript.rfind("_doctor.") != std::string::npos;
        Transcript a =
            PHYSIO_TRY(read_textgrid_file(o.transcript, is_doctor ? Speaker::kClinician : Speaker::kPatient));
        Transcript b =
            PHYSIO_TRY(read_textgrid_file(other, is_doctor ? Speaker::kPatient : Speaker::kClinician));
        std::fprintf(stderr, "physio: merged with %s\n", other.c_str());
        return is_doctor ? merge_channels(std::move(a), std::move(b))
                         : merge_channels(std::move(b), std::move(a));
      }
      return parse_textgrid(text, o.transcript);
    }
    case TranscriptFormat::kDialogue: {
      std::string_view first = std::string_view(text).substr(0, text.find('\n'));
      if (first.find("encounter_id") == std::string_view::npos)
        return parse_tagged_dialogue(text, o.transcript);
      auto rows = PHYSIO_TRY(parse_dialogue_csv(text, o.transcript));
      if (o.encounter.empty()) {
        std::string ids;
        for (std::size_t i = 0; i < rows.size() && i < 5; ++i) ids += (i ? ", " : "") + rows[i].encounter_id;
        return fail(ErrorCode::kInvalidArgument,
                    "{}: a CSV of {} dialogues: choose one with --encounter ({}, ...)", o.transcript,
                    rows.size(), ids);
      }
      for (const auto& r : rows)
        if (r.encounter_id == o.encounter)
          return parse_tagged_dialogue(r.dialogue, o.transcript + ":" + o.encounter);
      return fail(ErrorCode::kNotFound, "{}: no encounter \"{}\"", o.transcript, o.encounter);
    }
    case TranscriptFormat::kText:
    case TranscriptFormat::kAuto:
      break;
  }
  return parse_plain_text(text, o.transcript);
}

int run_facts(const FactsOptions& o) {
  auto t = read_transcript(o);
  if (!t) return report_error(t.error());
  auto vocab = default_vocabulary();
  if (!vocab) return report_error(vocab.error());
  auto facts = extract_facts(*t, **vocab);
  auto j = facts_to_json(facts, *t);
  if (!t->speakers_known) j["speakers_note"] = "the transcript has no speaker labels";
  std::string text = j.dump(2) + "\n";
  if (o.out.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    auto st = save_file_atomic(o.out, text);
    if (!st) return report_error(st.error());
    std::fprintf(stderr, "physio: wrote %s (%zu facts)\n", o.out.c_str(), facts.size());
  }
  return 0;
}

// The transcript as read, one segment a line with its index: "[3] clinician: text" (the view annotators use).
int run_segments(const FactsOptions& o) {
  auto t = read_transcript(o);
  if (!t) return report_error(t.error());
  if (!t->speakers_known) std::printf("# %s: the transcript has no speaker labels\n", t->source.c_str());
  for (std::size_t i = 0; i < t->segments.size(); ++i) {
    const Segment& s = t->segments[i];
    std::printf("[%zu] %s: %s\n", i, speaker_name(s.speaker), s.text.c_str());
  }
  return 0;
}

struct AgreementOptions {
  std::string first, second, out;
};

Result<std::vector<Annotation>> read_annotations(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::kNotFound, "{} is not a folder", dir);
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Annotation> out;
  for (const auto& f : files) {
    std::string text = PHYSIO_TRY(load_text_file(f));
    out.push_back(PHYSIO_TRY(parse_annotation(text, f.string())));
  }
  return out;
}

// Cohen's kappa per kind between two annotators' folders (docs/validation/scribe.md, "Agreement").
int run_agreement(const AgreementOptions& o) {
  auto a = read_annotations(o.first);
  if (!a) return report_error(a.error());
  auto b = read_annotations(o.second);
  if (!b) return report_error(b.error());
  // Both annotators' own words are read as the vocabulary's values, as the evaluation reads them.
  auto vocab = default_vocabulary();
  if (!vocab) return report_error(vocab.error());
  for (auto* set : {&*a, &*b})
    for (auto& x : *set) canonical_values(x, **vocab);
  Agreement g = compute_agreement(*a, *b);
  if (g.consultations == 0)
    return report_error(
        Error(ErrorCode::kNotFound,
              fmt::format("no consultation is annotated in both {} and {}", o.first, o.second)));
  std::printf("agreement over %zu consultations annotated twice (units: consultation, kind, value, side)\n",
              g.consultations);
  std::printf("  %-19s %6s %7s %7s\n", "kind", "units", "agreed", "kappa");
  for (FactKind k : kAllFactKinds) {
    auto it = g.per_kind.find(k);
    if (it == g.per_kind.end()) continue;
    std::printf("  %-19s %6zu %7zu %7s\n", fact_kind_name(k), it->second.units, it->second.agreed,
                pct(it->second.kappa).c_str());
  }
  std::printf("  %-19s %6zu %7zu %7s\n", "overall", g.overall.units, g.overall.agreed,
              pct(g.overall.kappa).c_str());
  if (!o.out.empty()) {
    auto st = save_file_atomic(o.out, agreement_to_json(g).dump(2) + "\n");
    if (!st) return report_error(st.error());
  }
  return 0;
}

struct TranscribeOptions {
  std::string audio, out, model = "adapted", channels = "auto", models_dir;
  double max_hours = 4.0;
  int threads = 2;
};

int run_transcribe(const TranscribeOptions& o) {
  namespace sp = physio::scribe::speech;
  auto kind = sp::parse_model_kind(o.model);
  if (!kind)
    return report_error(Error(ErrorCode::kInvalidArgument,
                              fmt::format("--model: expected stock or adapted, got \"{}\"", o.model)));
  if (o.audio.empty())
    return report_error(Error(ErrorCode::kInvalidArgument, "a WAV recording to transcribe is needed"));
  if (!(o.max_hours > 0.0))
    return report_error(Error(ErrorCode::kInvalidArgument, "--max-hours: expected a positive number"));
  if (o.threads < 1 || o.threads > 16)
    return report_error(Error(ErrorCode::kInvalidArgument, "--threads: expected 1 to 16"));
  // The model first: a missing model is said before a long file is read.
  auto model = sp::find_model(*kind, o.models_dir);
  if (!model) return report_error(model.error());
  sp::WavLimits limits;
  limits.max_duration_s = o.max_hours * 3600.0;
  auto audio = sp::load_wav(o.audio, limits);
  if (!audio) return report_error(audio.error());
  sp::RecognizeOptions ro;
  ro.model = *model;
  ro.threads = o.threads;
  ro.channels = o.channels;
  // Progress on stderr: a bar on a terminal, a line every 10 % otherwise.
  const bool tty = isatty(fileno(stderr)) != 0;
  Progress bar("transcribe", 1000, "permille");
  int last_tenth = -1;
  ro.progress = [&](double f) {
    bar.update(static_cast<std::int64_t>(f * 1000.0));
    int tenth = static_cast<int>(f * 10.0);
    if (!tty && tenth > last_tenth) {
      last_tenth = tenth;
      std::fprintf(stderr, "physio: transcribe %d %%\n", tenth * 10);
    }
  };
  std::fprintf(stderr, "physio: recognising %s (%.1f min, %zu channel%s, %d Hz) with the %s model\n",
               o.audio.c_str(), audio->duration_s() / 60.0, audio->channels.size(),
               audio->channels.size() == 1 ? "" : "s", audio->rate_hz, model->name.c_str());
  auto r = sp::recognize(*audio, ro);
  bar.finish();
  if (!r) return report_error(Error(r.error()).with_context(o.audio));
  for (const auto& w : r->warnings) std::fprintf(stderr, "physio: warning: %s\n", w.c_str());
  r->transcript.source = o.audio;
  auto j = transcript_to_json(r->transcript);
  j["recognizer"] = {{"engine", "pocketsphinx"},
                     {"model", model->name},
                     {"confidence", "posterior probability of the word in the utterance's lattice"},
                     {"channels", r->channels_recognised},
                     {"audio_s", r->audio_s},
                     {"elapsed_s", r->elapsed_s},
                     {"clipped_fraction", r->check.clipped_fraction}};
  if (!r->transcript.speakers_known)
    j["speakers_note"] = "one channel (or channels mixed): speakers are not labelled";
  else
    j["speakers_note"] = "one channel per speaker: channel 1 the clinician, channel 2 the patient";
  std::string text = j.dump(2) + "\n";
  std::size_t n_words = 0;
  for (const auto& s : r->transcript.segments) n_words += s.words.size();
  std::fprintf(stderr, "physio: %zu words in %zu segments, %.1f s for %.1f s of audio (%.1fx real time)\n",
               n_words, r->transcript.segments.size(), r->elapsed_s, r->audio_s,
               r->elapsed_s > 0 ? r->audio_s / r->elapsed_s : 0.0);
  if (o.out.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    auto st = save_file_atomic(o.out, text);
    if (!st) return report_error(st.error());
    std::fprintf(stderr, "physio: wrote %s\n", o.out.c_str());
  }
  return 0;
}

struct WerOptions {
  std::string reference, hypothesis;
};

// Word error rate between two texts (plain text or physiokit transcript JSON, whose segment texts count).
int run_wer(const WerOptions& o) {
  auto text_of = [](const std::string& path) -> Result<std::string> {
    std::string text = PHYSIO_TRY(load_text_file(path));
    if (detect_transcript_format(text) != TranscriptFormat::kJson) return text;
    Transcript t = PHYSIO_TRY(parse_transcript_json(text, path));
    std::string all;
    for (const auto& s : t.segments) all += s.text + "\n";
    return all;
  };
  auto ref = text_of(o.reference);
  if (!ref) return report_error(ref.error());
  auto hyp = text_of(o.hypothesis);
  if (!hyp) return report_error(hyp.error());
  WerCounts w = compute_wer(*ref, *hyp);
  nlohmann::ordered_json j = {{"wer", w.wer()},
                              {"substitutions", w.substitutions},
                              {"deletions", w.deletions},
                              {"insertions", w.insertions},
                              {"reference_words", w.reference_words},
                              {"normalisation", "src/scribe/wer.hpp"}};
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}

struct EvalOptions {
  std::string annotations, set = "all", data, hypotheses, references, suggestions, out;
  bool errors = false;
  std::size_t max_segments = 0;  // 0: all
};

fs::path shared_dir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("PHYSIO_SHARED_DATA"); env && *env) return env;
  return fs::path("..") / "shared" / "data";
}

std::string pct(const std::optional<double>& v) {
  return v ? fmt::format("{:.3f}", *v) : std::string("-");
}

void print_table(const char* title, const EvalResult& r, std::size_t n) {
  std::printf("%s (%zu consultations)\n", title, n);
  std::printf("  %-17s %9s %9s %10s %9s\n", "kind", "predicted", "annotated", "precision", "recall");
  for (FactKind k : kAllFactKinds) {
    auto it = r.per_kind.find(k);
    if (it == r.per_kind.end()) continue;
    const auto& c = it->second;
    std::printf("  %-17s %9zu %9zu %10s %9s\n", fact_kind_name(k), c.predicted, c.annotated,
                pct(c.precision()).c_str(), pct(c.recall()).c_str());
  }
  auto all = r.overall();
  std::printf("  %-17s %9zu %9zu %10s %9s\n", "overall", all.predicted, all.annotated,
              pct(all.precision()).c_str(), pct(all.recall()).c_str());
  std::printf("  red-flag negation errors: %zu\n", r.red_flag_negation_errors);
}

// The hypothesis for a consultation: <dir>/<id>.json (physiokit transcript) or <dir>/<id>.txt (plain text).
Result<std::optional<std::string>> hypothesis_text(const fs::path& dir, const std::string& id) {
  std::error_code ec;
  for (const char* ext : {".json", ".txt"}) {
    fs::path p = dir / (id + ext);
    if (!fs::is_regular_file(p, ec)) continue;
    std::string text = PHYSIO_TRY(load_text_file(p));
    if (std::string(ext) == ".txt") return std::optional<std::string>(text);
    Transcript t = PHYSIO_TRY(parse_transcript_json(text, p.string()));
    std::string all;
    for (const auto& s : t.segments) all += s.text + "\n";
    return std::optional<std::string>(all);
  }
  return std::optional<std::string>{};
}

int run_eval(const EvalOptions& o) {
  if (o.set != "all" && o.set != "dev" && o.set != "held-out")
    return report_error(Error(ErrorCode::kInvalidArgument,
                              fmt::format("--set: expected dev, held-out or all, got \"{}\"", o.set)));
  auto vocab = default_vocabulary();
  if (!vocab) return report_error(vocab.error());
  std::error_code ec;
  if (!fs::is_directory(o.annotations, ec))
    return report_error(
        Error(ErrorCode::kNotFound, fmt::format("--annotations: {} is not a folder", o.annotations)));
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(o.annotations, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    return report_error(Error(ErrorCode::kNotFound, fmt::format("no annotation files in {}", o.annotations)));
  fs::path data = shared_dir(o.data);
  std::map<std::string, EvalResult> by_set;
  std::map<std::string, std::size_t> n_by_set;
  std::map<std::string, std::map<std::string, EvalResult>> by_dataset;
  WerCounts wer_all;
  std::size_t n_wer = 0;
  std::size_t renamed = 0;  // annotated values in the annotator's own words, read as the vocabulary's
  nlohmann::ordered_json per_visit = nlohmann::ordered_json::array();
  std::string suggestions;  // --suggestions: JSON Lines
  for (const auto& f : files) {
    auto text = load_text_file(f);
    if (!text) return report_error(text.error());
    auto a = parse_annotation(*text, f.string());
    if (!a) return report_error(a.error());
    // The guideline's fixed split decides, so a held-out consultation is never run as dev.
    if (auto g = guideline_set(a->dataset, a->id); g && *g != a->set) {
      std::fprintf(stderr, "physio: %s: the file says set \"%s\", the guideline's split says \"%s\" (used)\n",
                   f.string().c_str(), a->set.c_str(), g->c_str());
      a->set = *g;
    }
    if (o.set != "all" && a->set != o.set) continue;
    auto t = load_annotated_transcript(*a, data);
    if (!t)
      return report_error(
          Error(t.error()).with_context(f.string() + " (shared data: " + data.string() + ")"));
    auto st = resolve_locations(*a, *t);
    if (!st) return report_error(Error(st.error()).with_context(f.string()));
    renamed += canonical_values(*a, **vocab);
    auto facts = extract_facts(*t, **vocab);
    EvalResult r = compare_facts(facts, *a, *t);
    if (!o.suggestions.empty())
      for (std::size_t i = 0; i < facts.size(); ++i) {
        // One line per suggestion: whether it matched an annotated fact, and the turns it stands on.
        nlohmann::ordered_json j;
        j["consultation"] = a->id;
        j["set"] = a->set;
        j["matched"] = static_cast<bool>(r.predicted_correct[i]);
        j["fact"] = fact_to_json(facts[i]);
        nlohmann::ordered_json turns = nlohmann::ordered_json::array();
        for (const auto& sp : facts[i].spans) {
          const auto& sg = t->segments[sp.segment];
          turns.push_back(
              {{"segment", sp.segment}, {"speaker", speaker_name(sg.speaker)}, {"text", sg.text}});
        }
        j["turns"] = std::move(turns);
        suggestions += j.dump() + "\n";
      }
    nlohmann::ordered_json v;
    v["id"] = a->id;
    v["dataset"] = a->dataset;
    v["set"] = a->set;
    v["result"] = eval_to_json(r);
    if (!o.hypotheses.empty()) {
      auto hyp = hypothesis_text(o.hypotheses, a->id);
      if (!hyp) return report_error(hyp.error());
      if (*hyp) {
        std::string ref;
        std::size_t n = o.max_segments ? std::min(o.max_segments, t->segments.size()) : t->segments.size();
        for (std::size_t i = 0; i < n; ++i) ref += t->segments[i].text + "\n";
        WerCounts w = compute_wer(ref, **hyp);
        wer_all += w;
        ++n_wer;
        v["wer"] = {{"wer", w.wer()},
                    {"substitutions", w.substitutions},
                    {"deletions", w.deletions},
                    {"insertions", w.insertions},
                    {"reference_words", w.reference_words}};
      }
    }
    if (!o.references.empty()) {
      // The reference text, one segment a line (the benchmark synthesises speech from it).
      std::string ref;
      std::size_t n = o.max_segments ? std::min(o.max_segments, t->segments.size()) : t->segments.size();
      for (std::size_t i = 0; i < n; ++i) ref += t->segments[i].text + "\n";
      auto saved = save_file_atomic(fs::path(o.references) / (a->id + ".txt"), ref);
      if (!saved) return report_error(saved.error());
    }
    per_visit.push_back(std::move(v));
    by_dataset[a->set][a->dataset] += r;
    by_set[a->set] += r;
    ++n_by_set[a->set];
  }
  nlohmann::ordered_json report;
  report["format"] = "physiokit-scribe-eval";
  report["measured_on"] = "human transcripts (extraction alone)";
  report["matching"] =
      "kind, value, negation and historical (and side for pain sites) equal and spans overlapping; an "
      "annotated value in the annotator's own words is read as the vocabulary value it is a phrase of";
  report["values_read_as_the_vocabulary"] = renamed;
  if (renamed > 0)
    std::printf(
        "%zu annotated value(s) in the annotator's own words read as the vocabulary's (\"muscle_aches\" "
        "-> muscle_ache)\n",
        renamed);
  for (const auto& [set, r] : by_set) {
    print_table(set == "dev" ? "development set" : "held-out set", r, n_by_set[set]);
    if (o.errors)
      for (const auto& m : r.mismatches)
        std::printf("    %s %s: %s %s%s%s%s (segment %zu: \"%s\")\n", m.consultation.c_str(),
                    m.missed ? "missed" : "extra ", m.kind.c_str(), m.negated ? "not " : "", m.value.c_str(),
                    m.kind == "pain_site" ? (" [" + m.side + "]").c_str() : "", m.historical ? " (past)" : "",
                    m.segment, m.quote.c_str());
    auto sj = eval_to_json(r);
    sj["consultations"] = n_by_set[set];
    for (const auto& [ds, dr] : by_dataset[set]) sj["per_dataset"][ds] = eval_to_json(dr);
    report["sets"][set] = std::move(sj);
  }
  if (n_wer > 0) {
    std::printf("word error rate over %zu consultations: %.3f (S %zu, D %zu, I %zu, N %zu)\n", n_wer,
                wer_all.wer(), wer_all.substitutions, wer_all.deletions, wer_all.insertions,
                wer_all.reference_words);
    report["wer"] = {{"consultations", n_wer},
                     {"wer", wer_all.wer()},
                     {"substitutions", wer_all.substitutions},
                     {"deletions", wer_all.deletions},
                     {"insertions", wer_all.insertions},
                     {"reference_words", wer_all.reference_words}};
  }
  report["consultations"] = std::move(per_visit);
  if (!o.suggestions.empty()) {
    auto st = save_file_atomic(o.suggestions, suggestions);
    if (!st) return report_error(st.error());
    std::fprintf(stderr, "physio: wrote %s\n", o.suggestions.c_str());
  }
  if (!o.out.empty()) {
    auto st = save_file_atomic(o.out, report.dump(2) + "\n");
    if (!st) return report_error(st.error());
    std::fprintf(stderr, "physio: wrote %s\n", o.out.c_str());
  }
  return 0;
}

}  // namespace scribe_cmd

void add_scribe_command(CLI::App& app) {
  using scribe_cmd::EvalOptions;
  using scribe_cmd::FactsOptions;
  auto* cmd = app.add_subcommand(
      "scribe",
      "Visit recordings and transcripts: speech recognition, fact suggestions and their evaluation");
  cmd->require_subcommand(1);

  using scribe_cmd::TranscribeOptions;
  auto to = std::make_shared<TranscribeOptions>();
  auto* tr = cmd->add_subcommand(
      "transcribe",
      "Speech recognition of a visit recording (offline, pocketsphinx): a transcript with word times and "
      "confidences");
  tr->add_option("audio", to->audio,
                 "16-bit PCM WAV, any rate; two channels = channel 1 the clinician, channel 2 the patient");
  tr->add_option("-o,--output", to->out, "write the transcript JSON here (default: standard output)");
  tr->add_option("--model", to->model,
                 "adapted (physiotherapy wording, scripts/build-speech-models.sh; the default) or stock");
  tr->add_option("--models-dir", to->models_dir,
                 "folder of the adapted model (default $PHYSIO_SPEECH_MODELS or build/speech-models)");
  tr->add_option("--max-hours", to->max_hours, "refuse recordings longer than this (default 4)");
  tr->add_option("--channels", to->channels,
                 "auto (two different channels are two speakers), mix or speakers (default auto)");
  tr->add_option("--threads", to->threads, "decoders run in parallel (default 2)");
  tr->callback([to] { set_exit(scribe_cmd::run_transcribe(*to)); });

  auto wo = std::make_shared<scribe_cmd::WerOptions>();
  auto* we = cmd->add_subcommand("wer", "Word error rate of a recognised text against a reference (JSON)");
  we->add_option("reference", wo->reference, "the reference: plain text or transcript JSON")->required();
  we->add_option("hypothesis", wo->hypothesis, "the recognised text: plain text or transcript JSON")
      ->required();
  we->callback([wo] { set_exit(scribe_cmd::run_wer(*wo)); });

  auto fo = std::make_shared<FactsOptions>();
  auto* facts = cmd->add_subcommand(
      "facts", "Fact suggestions from a visit transcript, each with the words it stands on");
  facts->add_option(
      "transcript", fo->transcript,
      "physiokit transcript JSON, a Praat TextGrid (its _doctor/_patient partner is merged when beside "
      "it), a [doctor]/[patient] dialogue or ACI-BENCH CSV, or plain text");
  facts->add_option("--format", fo->format, "auto, json, textgrid, aci or text (default: from the content)");
  facts->add_option("--doctor", fo->doctor, "the clinician's TextGrid (with --patient)");
  facts->add_option("--patient", fo->patient, "the patient's TextGrid (with --doctor)");
  facts->add_option("--encounter", fo->encounter, "the encounter_id to read from an ACI-BENCH CSV");
  facts->add_option("-o,--output", fo->out, "write the facts JSON here (default: standard output)");
  facts->callback([fo] { set_exit(scribe_cmd::run_facts(*fo)); });

  auto so = std::make_shared<FactsOptions>();
  auto* seg = cmd->add_subcommand(
      "segments", "A transcript as read, one segment a line with its index (\"[3] clinician: text\")");
  seg->add_option("transcript", so->transcript,
                  "physiokit transcript JSON, a Praat TextGrid (its partner merged), a dialogue, ACI-BENCH "
                  "CSV or plain text");
  seg->add_option("--format", so->format, "auto, json, textgrid, aci or text (default: from the content)");
  seg->add_option("--doctor", so->doctor, "the clinician's TextGrid (with --patient)");
  seg->add_option("--patient", so->patient, "the patient's TextGrid (with --doctor)");
  seg->add_option("--encounter", so->encounter, "the encounter_id to read from an ACI-BENCH CSV");
  seg->callback([so] { set_exit(scribe_cmd::run_segments(*so)); });

  auto ao = std::make_shared<scribe_cmd::AgreementOptions>();
  auto* ag = cmd->add_subcommand(
      "agreement", "Cohen's kappa per kind between two annotators' folders of the same consultations");
  ag->add_option("first", ao->first, "the first annotation folder (data/scribe/annotations)")->required();
  ag->add_option("second", ao->second, "the second (data/scribe/annotations-second)")->required();
  ag->add_option("-o,--output", ao->out, "write the agreement JSON here");
  ag->callback([ao] { set_exit(scribe_cmd::run_agreement(*ao)); });

  auto eo = std::make_shared<EvalOptions>();
  auto* ev = cmd->add_subcommand("eval", "Fact precision and recall per kind against hand-annotated facts");
  ev->add_option("--annotations", eo->annotations,
                 "folder of annotation JSON files (data/scribe/annotations)")
      ->required();
  ev->add_option("--set", eo->set, "dev, held-out or all (default all)");
  ev->add_option(
      "--data", eo->data,
      "the shared data folder holding the transcripts (default $PHYSIO_SHARED_DATA or ../shared/data)");
  ev->add_option(
      "--hypotheses", eo->hypotheses,
      "folder of recognised transcripts <id>.json or <id>.txt: word error rate against the human ones");
  ev->add_option("--max-segments", eo->max_segments,
                 "word error rate and --references over the first N segments of each transcript only");
  ev->add_option("--references", eo->references,
                 "write each human transcript's text here as <id>.txt, one segment a line");
  ev->add_flag("--errors", eo->errors, "list every missed and extra fact");
  ev->add_option(
      "--suggestions", eo->suggestions,
      "write every suggested fact here, one JSON object a line, with whether it matched an annotated "
      "fact and the turns it stands on (for error analysis)");
  ev->add_option("-o,--output", eo->out, "write the report JSON here");
  ev->callback([eo] { set_exit(scribe_cmd::run_eval(*eo)); });
}

}  // namespace physio::cli
