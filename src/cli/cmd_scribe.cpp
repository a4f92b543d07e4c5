// physio scribe facts <transcript> | eval --annotations DIR
// Visit transcripts and fact suggestions (docs/validation/scribe.md).
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "scribe/transcript.hpp"

namespace physio::cli {

void add_scribe_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("scribe", "visit transcripts: fact suggestions and their evaluation");
  cmd->require_subcommand(1);
  auto* facts = cmd->add_subcommand("facts", "fact suggestions from a visit transcript");
  auto path = std::make_shared<std::string>();
  facts->add_option("transcript", *path, "transcript file")->required();
  facts->callback([] {
    set_exit(report_error(Error(ErrorCode::kUnsupported, "scribe facts: not available in this build")));
  });
}

}  // namespace physio::cli
