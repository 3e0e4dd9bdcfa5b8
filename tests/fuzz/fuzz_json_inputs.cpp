// The JSON inputs other than data: experiment configs (parsed, then planned against the bundled
// datasets), model files, fold files and scikit-learn tree dumps. The first byte picks which.
#include "fuzz_support.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/data/protocol.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/tree/tree_io.hpp"

#ifndef PRUNEKIT_FUZZ_KIND
#error "define PRUNEKIT_FUZZ_KIND: 0 config, 1 model, 2 folds, 3 sklearn dump"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  return prunekit::fuzz::expect_only_prunekit_errors([&] {
    using namespace prunekit;
    const std::string file = "fuzz.json";
    if constexpr (PRUNEKIT_FUZZ_KIND == 0) {
      // Planning loads the datasets a config names: keep to the small bundled ones (mnist10k
      // takes seconds under ASan) and away from devices and pipes (/dev/zero never ends).
      for (const char* skip : {"mnist", "/dev", "/proc", "/sys"})
        if (text.find(skip) != std::string_view::npos) return;
      const auto json = parse_json_text(text, file);
      if (!json.is_object()) return;
      const auto config = parse_experiment_config(json, file);
      (void)plan_experiment(config, Factories::registries());
    } else if constexpr (PRUNEKIT_FUZZ_KIND == 1) {
      const auto json = parse_json_text(text, file);
      const auto model = model_from_json(json, file);
      (void)model->to_json().dump();
      (void)model->render("summary");
      if (json.is_object() && json.contains("preprocessing"))
        (void)reading_json_of(file,
                              [&] { return Preprocessor::from_json(json["preprocessing"], file); });
    } else if constexpr (PRUNEKIT_FUZZ_KIND == 2) {
      const auto json = parse_json_text(text, file);
      (void)reading_json_of(file, [&] { return splits_from_fold_json(json, file, 12); });
    } else {
      const auto json = parse_json_text(text, file);
      (void)reading_json_of(file, [&] { return tree_from_sklearn_json(json, file); });
    }
  });
}
