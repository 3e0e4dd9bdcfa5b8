# Golden cp tables from R's rpart for tests/prune/tree/cp_table_test.cpp.
# Run from the project root: Rscript tools/golden/rpart_printcp.R   (Debian: r-cran-rpart)
# Writes tests/data/fixtures/kyphosis.{csv,json} (rpart's own example data) and
# tests/data/rpart_printcp_{kyphosis,kyphosis_deep,iris}.json: the cp table (CP, nsplit, rel error,
# xerror, xstd) of rpart(cp = 0, minsplit, minbucket) cross-validated on the fold vector
# stored beside it (rpart's xval = vector of fold ids, one per row).
suppressMessages(library(rpart))

num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "null")
vec <- function(x) paste0("[", paste(x, collapse = ", "), "]")

write_golden <- function(name, formula, data, seed, file, minsplit = 20, minbucket = 7) {
  n <- nrow(data)
  set.seed(seed)
  folds <- sample(rep(1:10, length.out = n), n)  # what rpart does for xval = 10
  control <- rpart.control(cp = 0, minsplit = minsplit, minbucket = minbucket, xval = folds,
                           maxcompete = 0, maxsurrogate = 0)
  fit <- rpart(formula, data = data, method = "class", control = control)
  cp <- fit$cptable
  rows <- sprintf('    {"CP": %s, "nsplit": %d, "rel_error": %s, "xerror": %s, "xstd": %s}',
                  num(cp[, "CP"]), as.integer(cp[, "nsplit"]), num(cp[, "rel error"]),
                  num(cp[, "xerror"]), num(cp[, "xstd"]))
  root_risk <- fit$frame$dev[1] / fit$frame$wt[1]
  json <- c("{",
            sprintf('  "dataset": "%s",', name),
            sprintf('  "rpart_version": "%s",', as.character(packageVersion("rpart"))),
            sprintf('  "control": {"cp": 0, "minsplit": %d, "minbucket": %d, "method": "class", "split": "gini"},',
                    minsplit, minbucket),
            sprintf('  "root_risk": %s,', num(root_risk)),
            sprintf('  "fold_of_row": %s,', vec(folds)),
            '  "cptable": [', paste(rows, collapse = ",\n"), "  ]", "}")
  writeLines(json, file)
}

# kyphosis is not a bundled dataset: write it as a test fixture with its sidecar.
data(kyphosis, package = "rpart")
write.csv(kyphosis, "tests/data/fixtures/kyphosis.csv", row.names = FALSE, quote = FALSE)
writeLines(c("{",
             '  "name": "kyphosis",',
             '  "task": "classification",',
             '  "target": "Kyphosis",',
             '  "source": "R package rpart, data(kyphosis), written by tools/golden/rpart_printcp.R"',
             "}"), "tests/data/fixtures/kyphosis.json")
write_golden("kyphosis", Kyphosis ~ Age + Number + Start, kyphosis, 1,
             "tests/data/rpart_printcp_kyphosis.json")
# A deeper kyphosis tree: a longer table, with ties between subtrees.
write_golden("kyphosis", Kyphosis ~ Age + Number + Start, kyphosis, 3,
             "tests/data/rpart_printcp_kyphosis_deep.json", minsplit = 6, minbucket = 2)

# iris: the bundled copy (identical to R's datasets::iris), columns in file order.
iris_csv <- read.csv("datasets/iris.csv", stringsAsFactors = TRUE)
write_golden("iris", label ~ ., iris_csv, 2, "tests/data/rpart_printcp_iris.json")
