"""from_torch and to_torch: PyTorch MLPs in and out, masks included (skipped without torch)."""
import numpy as np
import pytest

import prunekit

torch = pytest.importorskip("torch")
nn = torch.nn
torch_prune = pytest.importorskip("torch.nn.utils.prune")


def standardised(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def mlp(inputs, outputs, hidden=(16, 8), activation=nn.ReLU, seed=0, trained_on=None):
    """A torch MLP with PyTorch's default initialisation, trained a few Adam steps on
    `trained_on` (X, class ids) so that its weights are not just the initial draw."""
    torch.manual_seed(seed)
    widths = [inputs, *hidden, outputs]
    layers = []
    for k in range(len(widths) - 1):
        layers.append(nn.Linear(widths[k], widths[k + 1]))
        if k + 2 < len(widths):
            layers.append(activation())
    module = nn.Sequential(*layers)
    if trained_on is not None:
        X, ids = (torch.from_numpy(a) for a in trained_on)
        optimizer = torch.optim.Adam(module.parameters(), lr=0.01)
        for _ in range(100):
            optimizer.zero_grad()
            nn.functional.cross_entropy(module(X), ids).backward()
            optimizer.step()
    return module.eval()


def torch_proba(module, X):
    with torch.no_grad():
        return torch.softmax(module(torch.from_numpy(X.astype(np.float32))), dim=1).numpy()


def torch_logits(module, X):
    with torch.no_grad():
        return module(torch.from_numpy(X.astype(np.float32))).numpy()


@pytest.fixture(scope="module", params=["iris", "breast_cancer"])
def data(request):
    X, y = request.getfixturevalue(request.param)
    X = standardised(X)
    classes, ids = np.unique(y, return_inverse=True)
    return X, y, classes, ids


@pytest.mark.parametrize("activation", [nn.ReLU, nn.Tanh, nn.Sigmoid])
def test_from_torch_predicts_as_torch(data, activation):
    X, y, classes, ids = data
    module = mlp(X.shape[1], len(classes), activation=activation,
                 trained_on=(X.astype(np.float32), ids))
    model = prunekit.from_torch(module, classes=classes)
    assert model.get_params()["hidden"] == [16, 8] and model.n_features_in_ == X.shape[1]
    np.testing.assert_allclose(model.predict_proba(X), torch_proba(module, X), rtol=0, atol=1e-5)
    np.testing.assert_array_equal(model.predict(X), classes[torch_logits(module, X).argmax(1)])
    assert model.score(X, y) > 0.8


def test_to_torch_of_from_torch_gives_the_same_outputs(data):
    X, _, classes, ids = data
    module = mlp(X.shape[1], len(classes), trained_on=(X.astype(np.float32), ids))
    back = prunekit.to_torch(prunekit.from_torch(module)).eval()
    assert [type(m) for m in back] == [type(m) for m in module]
    np.testing.assert_allclose(torch_logits(back, X), torch_logits(module, X), rtol=0, atol=1e-5)
    for theirs, ours in zip(module.state_dict().values(), back.state_dict().values()):
        assert torch.equal(theirs, ours)  # float32 in, float32 out: bit for bit


def test_default_classes_and_a_model_fitted_by_prunekit(iris):
    X, y = iris
    X = standardised(X)
    module = mlp(4, 3)
    assert list(prunekit.from_torch(module).classes_) == [0, 1, 2]
    ours = prunekit.MLPClassifier(hidden=[8], epochs=5, random_state=1).fit(X, y)
    np.testing.assert_allclose(torch_proba(prunekit.to_torch(ours).eval(), X),
                               ours.predict_proba(X), rtol=0, atol=1e-5)


def test_torch_masks_come_in_and_go_back_out(iris):
    X, _ = iris
    X = standardised(X)
    module = mlp(4, 3)
    torch_prune.l1_unstructured(module[0], "weight", amount=0.5)
    torch_prune.random_unstructured(module[2], "bias", amount=0.25)
    model = prunekit.from_torch(module)
    layers = model.layers_
    np.testing.assert_array_equal(layers[0]["weight_mask"], module[0].weight_mask.numpy() == 1)
    np.testing.assert_array_equal(layers[1]["bias_mask"], module[2].bias_mask.numpy() == 1)
    assert layers[0]["weight_mask"].mean() == 0.5 and layers[1]["weight_mask"].all()
    np.testing.assert_allclose(model.predict_proba(X), torch_proba(module, X), rtol=0, atol=1e-5)
    back = prunekit.to_torch(model)
    assert torch.equal(back[0].weight_mask, module[0].weight_mask)
    assert torch.equal(back[2].bias_mask, module[2].bias_mask)
    assert not hasattr(back[2], "weight_mask") and not hasattr(back[4], "weight_mask")
    np.testing.assert_allclose(torch_logits(back.eval(), X), torch_logits(module, X), atol=1e-5)


def test_pruned_model_keeps_its_zeros_while_torch_trains(data):
    X, _, classes, ids = data
    module = mlp(X.shape[1], len(classes), trained_on=(X.astype(np.float32), ids))
    model = prunekit.from_torch(module, classes=classes)
    pruned, _ = prunekit.prune(model, "magnitude", X=X, y=classes[ids], sparsity=0.9,
                               prune_output_layer=True)
    back = prunekit.to_torch(pruned)
    linears = [m for m in back if isinstance(m, nn.Linear)]
    masks = [getattr(m, "weight_mask", torch.ones_like(m.weight)).clone() for m in linears]
    kept = sum(int(m.sum()) for m in masks) / sum(m.numel() for m in masks)
    assert kept == pytest.approx(0.1, abs=0.005)
    optimizer = torch.optim.SGD(back.parameters(), lr=0.1, momentum=0.9)
    inputs, targets = torch.from_numpy(X.astype(np.float32)), torch.from_numpy(ids)
    for _ in range(5):
        optimizer.zero_grad()
        nn.functional.cross_entropy(back(inputs), targets).backward()
        optimizer.step()
    for linear, mask in zip(linears, masks):
        assert torch.all(linear.weight[mask == 0] == 0)
    moved = [not np.array_equal(l.weight.detach().numpy(), b["weight"])
             for l, b in zip(linears, pruned.layers_)]
    assert any(moved)  # the kept weights trained (those of dead neurons have no gradient)
    again = prunekit.from_torch(back.eval(), classes=classes)
    np.testing.assert_array_equal(again.layers_[0]["weight_mask"], pruned.layers_[0]["weight_mask"])


def test_what_torch_has_and_prunekit_does_not_is_a_value_error():
    def sequential(*layers):
        return nn.Sequential(*layers)

    cases = [
        (nn.Linear(4, 3), "nn.Sequential"),
        (sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.Linear(8, 3)),
         r"layer 1 \(LayerNorm\) is not supported"),
        (sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.ReLU()),
         r"layer 3 \(ReLU\) is an activation after the last nn.Linear"),
        (sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)),
         "layer 3: activation tanh, but the first hidden layer's is relu"),
        (sequential(nn.Linear(4, 8), nn.ReLU(), nn.ReLU(), nn.Linear(8, 3)),
         r"layer 2 \(relu\) is a second activation"),
        (sequential(nn.Linear(4, 8), nn.Linear(7, 3)), "layer 1 .* takes 7 inputs, but layer 0 gives 8"),
        (sequential(nn.ReLU(), nn.Linear(4, 3)), "before the first nn.Linear"),
        (sequential(nn.Linear(4, 8), nn.Flatten(), nn.Linear(8, 3)), r"layer 1 \(Flatten\)"),
        (sequential(nn.Linear(4, 1)), "at least 2"),
        (sequential(nn.Linear(4, 3), nn.Softmax(dim=1), nn.Linear(3, 3)), "follows the final"),
        (sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 3)),
         "dropout probabilities"),
        (sequential(nn.Linear(4, 8), nn.LeakyReLU(), nn.Linear(8, 3)), r"layer 1 \(LeakyReLU\)"),
        (sequential(), "no nn.Linear"),
    ]
    for module, message in cases:
        with pytest.raises(ValueError, match=message):
            prunekit.from_torch(module)
    with pytest.raises(ValueError, match="one label per output"):
        prunekit.from_torch(mlp(4, 3), classes=["a", "b"])
    with pytest.raises(ValueError, match="distinct"):
        prunekit.from_torch(mlp(4, 3), classes=["a", "b", "a"])
    with pytest.raises(ValueError, match="hidden comes from the module"):
        prunekit.from_torch(mlp(4, 3), hidden=[3])
    broken = mlp(4, 3)
    with torch.no_grad():
        broken[0].weight[0, 0] = float("nan")
    with pytest.raises(ValueError, match="non-finite weight"):
        prunekit.from_torch(broken)
    with pytest.raises(ValueError, match="MLPClassifier"):
        prunekit.to_torch(prunekit.DecisionTreeClassifier())
    with pytest.raises(prunekit.NotFittedError, match="layers_ is set by fit"):
        prunekit.to_torch(prunekit.MLPClassifier())


def test_what_from_torch_accepts_besides_linear_layers(iris):
    X, y = iris
    X = standardised(X)
    torch.manual_seed(1)
    module = nn.Sequential(nn.Flatten(), nn.Linear(4, 8, bias=False), nn.Dropout(0.2),
                           nn.Sigmoid(), nn.Identity(), nn.Linear(8, 6), nn.Sigmoid(),
                           nn.Dropout(0.2), nn.Linear(6, 3), nn.LogSoftmax(dim=1)).eval()
    model = prunekit.from_torch(module, classes=np.unique(y), lr=0.01, random_state=5)
    params = model.get_params()
    assert params["hidden"] == [8, 6] and params["activation"] == "sigmoid"
    assert params["random_state"] == 5
    assert params["dropout"] == 0.2 and params["lr"] == 0.01 and params["init"] == "fan_in_uniform"
    with torch.no_grad():
        expected = torch.exp(module(torch.from_numpy(X.astype(np.float32)))).numpy()
    np.testing.assert_allclose(model.predict_proba(X), expected, rtol=0, atol=1e-5)
    assert not model.layers_[0]["bias_mask"].any()
    back = prunekit.to_torch(model)
    assert back[0].bias is None and isinstance(back[2], nn.Dropout)


def test_linear_layers_without_activation_make_an_identity_mlp():
    module = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 3))
    assert prunekit.from_torch(module).get_params()["activation"] == "identity"


def test_an_mlp_with_batch_norms_becomes_a_cnn_classifier(iris):
    X, y = iris
    X = standardised(X)
    torch.manual_seed(2)
    module = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    module(torch.from_numpy(X.astype(np.float32)))  # moves the running statistics
    module.eval()
    model = prunekit.from_torch(module)
    assert type(model) is prunekit.CNNClassifier and model.n_features_in_ == 4
    np.testing.assert_allclose(model.predict_proba(X), torch_proba(module, X), rtol=0, atol=1e-5)
    np.testing.assert_allclose(torch_logits(prunekit.to_torch(model).eval(), X),
                               torch_logits(module, X), rtol=0, atol=1e-5)
