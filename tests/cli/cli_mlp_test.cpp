// The generic CLI driving an MLP: train, show, eval, as a user would.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

TEST(CliMlp, TrainShowEvalOnIris) {
  const TempDir dir;
  const std::string model = (dir.path() / "mlp.json").string();
  const auto train = run_cli(
      "train --dataset iris --model mlp --set hidden=16,8 --set epochs=40 "
      "--set batch=16 --set lr=0.1 --seed 3 --save '" +
      model + "'");
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_NE(train.out.find("mlp fitted on the training data (iris, 150 rows)"), std::string::npos)
      << train.out;
  EXPECT_NE(train.out.find("243 parameters"), std::string::npos) << train.out;
  const auto show = run_cli("show '" + model + "'");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("16x4"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("3x8"), std::string::npos) << show.out;
  const auto eval = run_cli("eval '" + model + "' --dataset iris");
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  const auto pos = eval.out.find("accuracy: ");
  ASSERT_NE(pos, std::string::npos) << eval.out;
  EXPECT_GT(std::stod(eval.out.substr(pos + 10)), 0.85) << eval.out;
}

TEST(CliMlp, BadSettingExitsTwoNamingTheKey) {
  const TempDir dir;
  const auto r = run_cli("train --dataset iris --model mlp --set hiden=3 --save '" +
                         (dir.path() / "m.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/hiden"), std::string::npos) << r.err;
}

TEST(CliMlp, CorruptModelFileExitsTwoNamingTheFile) {
  const TempDir dir;
  const std::string path = dir.write(
      "bad.json",
      R"({"format":"prunekit-model","version":1,"kind":"mlp","task":"classification","params":{},)"
      R"("layers":[{"inputs":4,"outputs":3,"activation":"relu","weight":"%%","bias":"","weight_mask":"","bias_mask":""}]})");
  const auto r = run_cli("eval '" + path + "' --dataset iris");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
}

}  // namespace
}  // namespace prunekit
