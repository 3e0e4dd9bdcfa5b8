"""prunekit.from_torch and prunekit.to_torch: PyTorch MLPs in and out, in memory (convolutional
networks: _torch_cnn.py).

A torch `nn.Sequential` of `nn.Linear` layers becomes the model file of prunekit's `mlp` model
(docs/networks.md, "Model file": float32 weights and mask bits in base64), built here as a dict
and read by the library's own loader, which checks it as it checks a file. The way back reads
the fitted network's layers as numpy arrays (`MLPClassifier.layers_`). torch is imported only
inside these functions.
"""
import base64
import json

import numpy as np

from . import _prunekit

_MODEL_FILE = {"format": "prunekit-model", "version": 1, "kind": "mlp",
               "float_encoding": "base64 float32 little-endian; masks base64 bits, LSB first"}
_SUPPORTED = ("Linear; ReLU, Tanh, Sigmoid or Identity between Linear layers; Dropout; Flatten "
              "before the first Linear; Softmax or LogSoftmax after the last")


def _activations(nn):
    return {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid"}


def _activation_modules(nn):
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def _layer_name(index, layer):
    return "layer %d (%s)" % (index, type(layer).__name__)


class _Reader:
    """Walks an nn.Sequential and collects its Linear layers, the activation between each two,
    the dropout probability; anything prunekit's mlp cannot hold is a ValueError naming the
    layer."""

    def __init__(self, nn):
        self.nn = nn
        self.linears = []  # (index, nn.Linear)
        self.gaps = []  # per pair of consecutive Linear layers: (index, activation name)
        self.pending = []  # activations since the last Linear: (index, name)
        self.dropouts = []  # (index, p)
        self.final = None  # (index, layer) of a closing Softmax / LogSoftmax

    def read(self, module):
        for index, layer in enumerate(module):
            if self.final is not None:
                raise ValueError("from_torch: %s follows the final %s; nothing may"
                                 % (_layer_name(index, layer), _layer_name(*self.final)))
            self._layer(index, layer)
        if not self.linears:
            raise ValueError("from_torch: the module has no nn.Linear layer")
        if self.pending:
            index, name = self.pending[0]
            raise ValueError(
                "from_torch: layer %d (%s) is an activation after the last nn.Linear; prunekit's "
                "mlp has a linear output layer (its outputs are logits, which predict_proba "
                "turns into probabilities with softmax)" % (index, type(module[index]).__name__))
        return self

    def _layer(self, index, layer):
        nn = self.nn
        kind = type(layer)
        if kind is nn.Linear:
            self._linear(index, layer)
        elif kind in _activations(nn):
            if not self.linears:
                raise ValueError("from_torch: %s comes before the first nn.Linear; prunekit's mlp "
                                 "starts with a dense layer" % _layer_name(index, layer))
            self.pending.append((index, _activations(nn)[kind]))
        elif kind is nn.Identity:
            pass
        elif kind is nn.Dropout:
            self.dropouts.append((index, float(layer.p)))
        elif kind is nn.Flatten:
            if self.linears or layer.start_dim != 1 or layer.end_dim != -1:
                raise ValueError("from_torch: %s: only nn.Flatten() (start_dim=1, end_dim=-1) "
                                 "before the first nn.Linear is supported" % _layer_name(index, layer))
        elif kind in (nn.Softmax, nn.LogSoftmax):
            if not self.linears or self.pending or layer.dim not in (None, 1, -1):
                raise ValueError("from_torch: %s: a softmax is supported only right after the "
                                 "last nn.Linear, over dim 1" % _layer_name(index, layer))
            self.final = (index, layer)
        else:
            raise ValueError("from_torch: %s is not supported (supported: %s)"
                             % (_layer_name(index, layer), _SUPPORTED))

    def _linear(self, index, layer):
        if self.linears:
            previous_index, previous = self.linears[-1]
            if layer.in_features != previous.out_features:
                raise ValueError("from_torch: %s takes %d inputs, but layer %d gives %d"
                                 % (_layer_name(index, layer), layer.in_features, previous_index,
                                    previous.out_features))
            if len(self.pending) > 1:
                second = self.pending[1][0]
                raise ValueError("from_torch: layer %d (%s) is a second activation between two "
                                 "nn.Linear layers" % (second, self.pending[1][1]))
            self.gaps.append(self.pending[0] if self.pending else (index, "identity"))
        self.pending = []
        self.linears.append((index, layer))

    def activation(self):
        """The one activation of every hidden layer (prunekit's mlp has one)."""
        if not self.gaps:
            return "relu"
        first = self.gaps[0][1]
        for index, name in self.gaps[1:]:
            if name != first:
                raise ValueError("from_torch: layer %d: activation %s, but the first hidden layer's "
                                 "is %s; prunekit's mlp has one activation for every hidden layer"
                                 % (index, name, first))
        return first

    def dropout(self):
        ps = sorted({p for _, p in self.dropouts})
        if len(ps) > 1:
            raise ValueError("from_torch: dropout probabilities %s differ (layers %s); prunekit's "
                             "mlp has one" % (ps, [i for i, _ in self.dropouts]))
        return ps[0] if ps else 0.0


def _values_and_mask(torch, layer, name, index):
    """A parameter of a Linear layer as float32 values with masked entries zero, and its mask
    (bool, True = kept): torch.nn.utils.prune's name_orig * name_mask when pruned."""
    orig = getattr(layer, name + "_orig", None)
    mask = getattr(layer, name + "_mask", None)
    tensor = orig if orig is not None and mask is not None else getattr(layer, name)
    if tensor is None:
        return None, None
    if not torch.is_floating_point(tensor):
        raise ValueError("from_torch: layer %d (Linear): %s has dtype %s; a float one is needed"
                         % (index, name, tensor.dtype))
    values = tensor.detach().to("cpu", torch.float32).numpy()
    if mask is None or orig is None:
        return values, np.ones(values.shape, dtype=bool)
    mask = mask.detach().to("cpu", torch.float32).numpy()
    if mask.shape != values.shape or not np.all((mask == 0) | (mask == 1)):
        raise ValueError("from_torch: layer %d (Linear): %s_mask must be 0 or 1 with the shape "
                         "of %s" % (index, name, name))
    kept = mask != 0
    return np.where(kept, values, np.float32(0)).astype(np.float32), kept


def _floats(values):
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def _bits(mask):
    packed = np.packbits(np.ascontiguousarray(mask, dtype=bool).ravel(), bitorder="little")
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _layer_file(torch, index, layer, activation):
    """One layer of the model file (docs/networks.md)."""
    weight, weight_mask = _values_and_mask(torch, layer, "weight", index)
    bias, bias_mask = _values_and_mask(torch, layer, "bias", index)
    if bias is None:  # bias=False: a bias that is masked, hence zero
        bias = np.zeros(layer.out_features, dtype=np.float32)
        bias_mask = np.zeros(layer.out_features, dtype=bool)
    return {"inputs": int(layer.in_features), "outputs": int(layer.out_features),
            "activation": activation, "weight": _floats(weight), "bias": _floats(bias),
            "weight_mask": _bits(weight_mask), "bias_mask": _bits(bias_mask)}


def _classes(classes, outputs):
    if outputs < 2:
        raise ValueError("from_torch: the last nn.Linear has %d output; a classifier needs one "
                         "logit per class, at least 2 (a single-logit binary model has no "
                         "prunekit counterpart)" % outputs)
    if classes is None:
        return np.arange(outputs)
    classes = np.asarray(classes)
    if classes.ndim != 1 or len(classes) != outputs:
        raise ValueError("from_torch: classes must list one label per output (%d), got shape %s"
                         % (outputs, classes.shape))
    if len(np.unique(classes)) != outputs:
        raise ValueError("from_torch: classes must be distinct, got %r" % (classes.tolist(),))
    return classes


def from_torch(module, classes=None, input_shape=None, **params):
    """A prunekit MLPClassifier holding the weights (and torch.nn.utils.prune masks) of a torch
    nn.Sequential MLP, or a CNNClassifier for a convolutional one (Conv2d, BatchNorm, pooling;
    then input_shape=(channels, height, width) is required). Output k of the last Linear layer
    is class classes[k] (default: k). `params` are further model parameters (lr, epochs,
    optimizer, ...: what the pruning methods' fine-tuning and cross-validation train with) and
    random_state; the architecture comes from the module, init is PyTorch's (fan_in_uniform)."""
    import torch
    from torch import nn

    if not isinstance(module, nn.Sequential):
        raise ValueError("from_torch takes a torch nn.Sequential of nn.Linear layers and "
                         "activations, got " + type(module).__name__)
    from . import _torch_cnn
    if _torch_cnn.is_convolutional(module):
        return _torch_cnn.from_torch_cnn(module, classes, input_shape, params)
    if input_shape is not None:
        raise ValueError("from_torch: input_shape is for convolutional networks; an MLP's input "
                         "is its first nn.Linear's in_features")
    reader = _Reader(nn).read(module)
    activation, dropout = reader.activation(), reader.dropout()
    for key, value in (("hidden", None), ("activation", activation)):
        if key in params and (key == "hidden" or params[key] != value):
            raise ValueError("from_torch: %s comes from the module; do not give it" % key)
    estimator_params = {"hidden": [int(l.out_features) for _, l in reader.linears[:-1]],
                        "activation": activation, "init": "fan_in_uniform"}
    if dropout > 0:
        estimator_params["dropout"] = dropout
    estimator_params.update(params)
    estimator = _prunekit.MLPClassifier(**estimator_params)
    labels = _classes(classes, int(reader.linears[-1][1].out_features))
    last = len(reader.linears) - 1
    layers = [_layer_file(torch, index, layer, "identity" if k == last else activation)
              for k, (index, layer) in enumerate(reader.linears)]
    # Without "params": _restore writes the estimator's own.
    model_file = dict(_MODEL_FILE, task="classification", class_names=[str(c) for c in labels],
                      target_mean=0.0, target_scale=1.0, layers=layers)
    return estimator._restore(json.dumps(model_file), labels, "<torch module>")


def _parameter(torch, nn, values, mask):
    """values as a Parameter, and the mask to apply (None when everything is kept)."""
    parameter = nn.Parameter(torch.from_numpy(np.array(values, dtype=np.float32)))
    return parameter, (None if mask.all() else torch.from_numpy(mask.astype(np.float32)))


def to_torch(model):
    """A torch nn.Sequential (Linear, activation, [Dropout], ..., Linear) with the weights of a
    fitted prunekit MLPClassifier (for a CNNClassifier: its layers, taking N x C x H x W); masked weights and biases are zero and stay so under
    training: each masked tensor carries torch.nn.utils.prune's custom_from_mask. The module
    outputs logits (no softmax) and is in training mode, as new torch modules are."""
    import torch
    from torch import nn
    from torch.nn.utils import prune as torch_prune

    if isinstance(model, _prunekit.CNNClassifier):
        from . import _torch_cnn
        return _torch_cnn.to_torch_cnn(model)
    if not isinstance(model, _prunekit.MLPClassifier):
        raise ValueError("to_torch takes a fitted prunekit MLPClassifier or CNNClassifier, got "
                         + type(model).__name__)
    layers = model.layers_
    dropout = float(model.get_params().get("dropout") or 0.0)
    modules = []
    for k, layer in enumerate(layers):
        outputs, inputs = layer["weight"].shape
        has_bias = bool(layer["bias_mask"].any())
        # skip_init: no draw from torch's global generator; the values are set just after.
        linear = torch.nn.utils.skip_init(nn.Linear, inputs, outputs, bias=has_bias)
        linear.weight, weight_mask = _parameter(torch, nn, layer["weight"], layer["weight_mask"])
        bias_mask = None
        if has_bias:
            linear.bias, bias_mask = _parameter(torch, nn, layer["bias"], layer["bias_mask"])
        for name, mask in (("weight", weight_mask), ("bias", bias_mask)):
            if mask is not None:
                torch_prune.custom_from_mask(linear, name, mask)
        modules.append(linear)
        if k + 1 < len(layers):
            if layer["activation"] != "identity":
                modules.append(_activation_modules(nn)[layer["activation"]]())
            if dropout > 0:
                modules.append(nn.Dropout(dropout))
    return nn.Sequential(*modules)
