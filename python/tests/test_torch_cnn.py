"""from_torch / to_torch for convolutional networks (skipped without torch)."""
import copy

import numpy as np
import pytest
from conftest import load

import prunekit

torch = pytest.importorskip("torch")
nn = torch.nn


@pytest.fixture(scope="module")
def digits():
    X, y = load("digits")
    return X / 16.0, y


def torch_cnn(X, ids):
    """A small trained convolutional network with every layer kind from_torch reads."""
    torch.manual_seed(0)
    module = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                           nn.MaxPool2d(2), nn.Conv2d(4, 8, 3), nn.Tanh(), nn.AvgPool2d(2),
                           nn.Flatten(), nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(),
                           nn.Dropout(0.1), nn.Linear(16, 10))
    images, targets = images_of(X[:300]), torch.from_numpy(ids[:300])
    optimizer = torch.optim.Adam(module.parameters(), lr=0.02)
    for _ in range(20):  # in training mode: the batch norms' running statistics move too
        optimizer.zero_grad()
        nn.functional.cross_entropy(module(images), targets).backward()
        optimizer.step()
    return module.eval()


@pytest.fixture(scope="module")
def trained(digits):
    X, y = digits
    classes, ids = np.unique(y, return_inverse=True)
    return torch_cnn(X, ids), classes, ids


def images_of(X):
    return torch.from_numpy(X.astype(np.float32)).reshape(-1, 1, 8, 8)


def logits(module, X):
    with torch.no_grad():
        return module(images_of(X)).numpy()


def test_from_torch_cnn_predicts_as_torch_and_goes_back(digits, trained):
    X, _ = digits
    module, classes, _ = trained
    model = prunekit.from_torch(module, classes=classes, input_shape=(1, 8, 8))
    assert type(model) is prunekit.CNNClassifier
    expected = torch.softmax(torch.from_numpy(logits(module, X)), dim=1).numpy()
    np.testing.assert_allclose(model.predict_proba(X), expected, rtol=0, atol=1e-5)
    back = prunekit.to_torch(model).eval()
    assert [type(m) for m in back] == [type(m) for m in module]
    ours = back.state_dict()
    for name, theirs in module.state_dict().items():
        if not name.endswith("num_batches_tracked"):  # not kept by prunekit (starts at 0)
            assert torch.equal(theirs, ours[name]), name
    assert back[1].eps == module[1].eps and back[11].p == module[11].p


def test_cnn_masks_travel_and_stay(digits, trained):
    X, y = digits
    module, classes, ids = trained
    module = copy.deepcopy(module)
    torch.nn.utils.prune.l1_unstructured(module[4], "weight", amount=0.5)
    model = prunekit.from_torch(module, classes=classes, input_shape=(1, 8, 8))
    pruned, _ = prunekit.prune(model, "magnitude", X=X, y=y, sparsity=0.8)
    back = prunekit.to_torch(pruned)
    mask = back[4].weight_mask
    assert torch.all(mask[module[4].weight_mask == 0] == 0)  # torch's zeros stayed zeros
    assert float(mask.mean()) < 0.5
    optimizer = torch.optim.SGD(back.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        nn.functional.cross_entropy(back(images_of(X)), torch.from_numpy(ids)).backward()
        optimizer.step()
    assert torch.all(back[4].weight[mask == 0] == 0)
    np.testing.assert_allclose(
        torch.softmax(torch.from_numpy(logits(prunekit.to_torch(pruned).eval(), X)), 1).numpy(),
        pruned.predict_proba(X), rtol=0, atol=1e-5)


def test_cnn_refusals_are_value_errors():
    conv = nn.Conv2d(1, 2, 3)
    cases = [
        ((nn.Sequential(conv, nn.Flatten(), nn.Linear(72, 3)), None), "input_shape"),
        ((nn.Sequential(nn.Conv2d(1, 2, (3, 2)), nn.Flatten(), nn.Linear(84, 3)), (1, 8, 8)),
         r"layer 0 \(Conv2d\): kernel_size \(3, 2\) is not square"),
        ((nn.Sequential(conv, nn.MaxPool2d(2, padding=1), nn.Flatten(), nn.Linear(32, 3)),
          (1, 8, 8)), r"layer 1 \(MaxPool2d\): padding"),
        ((nn.Sequential(conv, nn.Dropout2d(), nn.Flatten(), nn.Linear(72, 3)), (1, 8, 8)),
         r"layer 1 \(Dropout2d\) is not supported"),
        ((nn.Sequential(conv, nn.Flatten(), nn.Linear(72, 3), nn.ReLU()), (1, 8, 8)),
         r"layer 3 \(ReLU\) follows the last nn.Linear"),
        ((nn.Sequential(conv, nn.Flatten(), nn.Linear(50, 3)), (1, 8, 8)),
         r"layer 2 \(Linear\) takes in_features 50, but its input has 72"),
        ((nn.Sequential(conv, nn.Linear(6, 3)), (1, 8, 8)), r"layer 1 \(Linear\) needs flat"),
        ((nn.Sequential(conv, nn.BatchNorm1d(2), nn.Flatten(), nn.Linear(72, 3)), (1, 8, 8)),
         r"layer 1 \(BatchNorm1d\): BatchNorm2d goes after a convolution"),
        ((nn.Sequential(conv, nn.Flatten(), nn.Linear(72, 3)), (2, 8, 8)),
         r"layer 0 \(Conv2d\) takes in_channels 1, but its input has 2"),
    ]
    for (module, shape), message in cases:
        with pytest.raises(ValueError, match=message):
            prunekit.from_torch(module, input_shape=shape)
