// `prunekit prune` on a network, as a user would: magnitude pruning with fine-tuning, saved and
// evaluated again; bad parameters exit 2 naming the key.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

TEST(CliNnPrune, MagnitudeWithFinetuningOnIris) {
  const TempDir dir;
  const std::string net = (dir.path() / "net.json").string();
  const std::string pruned = (dir.path() / "pruned.json").string();
  const std::string report = (dir.path() / "report.json").string();
  const auto train = run_cli(
      "train --dataset iris --model mlp --set hidden=16,8 --set epochs=30 "
      "--set batch=16 --set lr=0.1 --seed 1 --save '" +
      net + "'");
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const auto r = run_cli("prune '" + net +
                         "' --method magnitude --set sparsity=0.9 "
                         "--set finetune_epochs=1 --dataset iris --save '" +
                         pruned + "' --report '" + report + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(report);
  const nlohmann::json j = nlohmann::json::parse(in);
  // 16x4 + 8x16 = 192 prunable weights; round(0.9 x 192) = 173 masked.
  EXPECT_NEAR(j.at("details").at("prunable_sparsity").get<double>(), 173.0 / 192.0, 1e-12);
  EXPECT_EQ(j.at("knob_name"), "sparsity");
  EXPECT_EQ(j.at("details").at("weights_after").size(), 192u);
  const auto show = run_cli("show '" + pruned + "'");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("16x4"), std::string::npos) << show.out;
  const auto eval = run_cli("eval '" + pruned + "' --dataset iris");
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_NE(eval.out.find("accuracy: "), std::string::npos) << eval.out;
}

TEST(CliNnPrune, BadSparsityExitsTwoNamingTheKey) {
  const TempDir dir;
  const std::string net = (dir.path() / "net.json").string();
  ASSERT_EQ(
      run_cli("train --dataset iris --model mlp --set hidden=4 --set epochs=2 --save '" + net + "'")
          .exit_code,
      0);
  const auto r =
      run_cli("prune '" + net + "' --method magnitude --set sparsity=1.5 --dataset iris --save '" +
              (dir.path() / "p.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/sparsity"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace prunekit
