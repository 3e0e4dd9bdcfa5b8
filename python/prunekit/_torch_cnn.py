"""from_torch and to_torch for convolutional networks: a torch nn.Sequential with Conv2d,
BatchNorm, pooling, Flatten and Linear layers as prunekit's `cnn` model file (docs/networks.md,
"Convolutional networks": a list of layer specs, each with its state), and back. prunekit's cnn
takes flat rows (channel, row, column: X.reshape(n, -1) of PyTorch's N x C x H x W); the torch
modules take N x C x H x W, as PyTorch's convolutions do.
"""
import base64
import json

import numpy as np

from . import _prunekit
from ._torch import _MODEL_FILE, _bits, _classes, _floats, _layer_name, _values_and_mask

# torch layers that make a module a convolutional network for from_torch.
IMAGE_LAYERS = ("Conv2d", "BatchNorm1d", "BatchNorm2d", "MaxPool2d", "AvgPool2d")
_SUPPORTED = ("Conv2d (square kernel, stride and padding, no dilation or groups), BatchNorm1d/2d "
              "(affine, with running statistics), MaxPool2d/AvgPool2d (square, no padding), "
              "Flatten, Linear, ReLU, Tanh, Sigmoid, Dropout, Identity; Softmax or LogSoftmax "
              "after the last Linear")
_ACTIVATIONS = {"ReLU": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid"}


def is_convolutional(module):
    return any(type(layer).__name__ in IMAGE_LAYERS for layer in module)


def _square(value, index, layer, what):
    """An int, or a pair of equal ints, as one int (prunekit's kernels are square)."""
    if isinstance(value, (tuple, list)):
        if len(set(value)) != 1 or isinstance(value[0], str):
            raise ValueError("from_torch: %s: %s %r is not square; prunekit's are"
                             % (_layer_name(index, layer), what, value))
        value = value[0]
    if isinstance(value, str):
        raise ValueError("from_torch: %s: %s=%r; give it as a number"
                         % (_layer_name(index, layer), what, value))
    return int(value)


def _weighted_state(torch, index, layer):
    weight, weight_mask = _values_and_mask(torch, layer, "weight", index)
    bias, bias_mask = _values_and_mask(torch, layer, "bias", index)
    rows = weight.shape[0]
    if bias is None:
        bias, bias_mask = np.zeros(rows, dtype=np.float32), np.zeros(rows, dtype=bool)
    return {"weight": _floats(weight.reshape(rows, -1)), "bias": _floats(bias),
            "weight_mask": _bits(weight_mask.reshape(rows, -1)), "bias_mask": _bits(bias_mask)}


def _conv(torch, index, layer):
    if tuple(np.atleast_1d(layer.dilation)) not in ((1,), (1, 1)) or layer.groups != 1 or \
            layer.padding_mode != "zeros":
        raise ValueError("from_torch: %s: dilation, groups and padding modes other than zeros are "
                         "not supported" % _layer_name(index, layer))
    spec = {"type": "conv2d", "channels": int(layer.out_channels),
            "kernel": _square(layer.kernel_size, index, layer, "kernel_size"),
            "stride": _square(layer.stride, index, layer, "stride"),
            "padding": _square(layer.padding, index, layer, "padding")}
    return dict(spec, state=_weighted_state(torch, index, layer))


def _batchnorm(torch, index, layer):
    if not layer.affine or layer.running_mean is None or layer.momentum is None:
        raise ValueError("from_torch: %s: only affine batch norms with running statistics and a "
                         "momentum are supported" % _layer_name(index, layer))
    scale, scale_mask = _values_and_mask(torch, layer, "weight", index)
    shift, shift_mask = _values_and_mask(torch, layer, "bias", index)
    mean = layer.running_mean.detach().to("cpu", torch.float32).numpy()
    var = layer.running_var.detach().to("cpu", torch.float32).numpy()
    state = {"scale": _floats(scale), "shift": _floats(shift), "scale_mask": _bits(scale_mask),
             "shift_mask": _bits(shift_mask), "running_mean": _floats(mean),
             "running_var": _floats(var)}
    return {"type": "batchnorm", "momentum": float(layer.momentum), "epsilon": float(layer.eps),
            "state": state}


def _pool(index, layer, kind):
    kernel = _square(layer.kernel_size, index, layer, "kernel_size")
    stride = kernel if layer.stride is None else _square(layer.stride, index, layer, "stride")
    padding = _square(layer.padding, index, layer, "padding")
    dilation = _square(getattr(layer, "dilation", 1), index, layer, "dilation")
    if padding != 0 or dilation != 1 or layer.ceil_mode or getattr(layer, "divisor_override", None):
        raise ValueError("from_torch: %s: padding, dilation, ceil_mode and divisor_override are "
                         "not supported" % _layer_name(index, layer))
    return {"type": kind, "kernel": kernel, "stride": stride}


def _layer_spec(torch, index, layer):
    """The cnn layer spec of one torch layer; None for what has no effect (Identity)."""
    kind = type(layer).__name__
    if kind == "Conv2d":
        return _conv(torch, index, layer)
    if kind == "Linear":
        return {"type": "dense", "units": int(layer.out_features),
                "state": _weighted_state(torch, index, layer)}
    if kind in ("BatchNorm1d", "BatchNorm2d"):
        return _batchnorm(torch, index, layer)
    if kind in ("MaxPool2d", "AvgPool2d"):
        return _pool(index, layer, kind.lower())
    if kind == "Flatten":
        if layer.start_dim != 1 or layer.end_dim != -1:
            raise ValueError("from_torch: %s: only nn.Flatten() (start_dim=1, end_dim=-1) is "
                             "supported" % _layer_name(index, layer))
        return {"type": "flatten"}
    if kind in _ACTIVATIONS:
        return {"type": _ACTIVATIONS[kind]}
    if kind == "Dropout":
        return {"type": "dropout", "p": float(layer.p)}
    if kind == "Identity":
        return None
    raise ValueError("from_torch: %s is not supported in a convolutional network (supported: %s)"
                     % (_layer_name(index, layer), _SUPPORTED))


class _Shape:
    """The shape of the activations along the module (channels, height, width; or features once
    flat), so that a layer that does not fit is refused with its own index."""

    def __init__(self, input_shape):
        self.channels, self.height, self.width = input_shape
        self.flat = self.channels if self.height == self.width == 1 else None

    def _expect(self, index, layer, what, expected, got):
        if expected != got:
            raise ValueError("from_torch: %s takes %s %d, but its input has %d"
                             % (_layer_name(index, layer), what, got, expected))

    def follow(self, index, layer, spec):
        kind = spec["type"]
        if kind == "conv2d":
            if self.flat is not None:
                raise ValueError("from_torch: %s comes after a flat layer"
                                 % _layer_name(index, layer))
            self._expect(index, layer, "in_channels", self.channels, layer.in_channels)
            k, st, p = spec["kernel"], spec["stride"], spec["padding"]
            self.channels = spec["channels"]
            self.height, self.width = ((d + 2 * p - k) // st + 1 for d in (self.height, self.width))
        elif kind in ("maxpool2d", "avgpool2d"):
            k, st = spec["kernel"], spec["stride"]
            self.height, self.width = ((d - k) // st + 1 for d in (self.height, self.width))
        elif kind == "flatten":
            self.flat = self.channels * self.height * self.width
        elif kind == "dense":
            if self.flat is None:
                raise ValueError("from_torch: %s needs flat inputs: put an nn.Flatten() before it"
                                 % _layer_name(index, layer))
            self._expect(index, layer, "in_features", self.flat, layer.in_features)
            self.flat = spec["units"]
        elif kind == "batchnorm":
            flat = type(layer).__name__ == "BatchNorm1d"
            if flat != (self.flat is not None):
                raise ValueError("from_torch: %s: BatchNorm2d goes after a convolution, "
                                 "BatchNorm1d after a flat layer" % _layer_name(index, layer))
            self._expect(index, layer, "num_features", self.flat if flat else self.channels,
                         layer.num_features)
        if min(self.height, self.width) < 1:
            raise ValueError("from_torch: %s leaves nothing of the input"
                             % _layer_name(index, layer))


def _specs(torch, module, input_shape):
    """The layer specs (with states) of the module, its closing softmax dropped."""
    specs, last_linear, shape = [], None, _Shape(input_shape)
    for index, layer in enumerate(module):
        if type(layer).__name__ in ("Softmax", "LogSoftmax"):
            if index != len(module) - 1 or layer.dim not in (None, 1, -1):
                raise ValueError("from_torch: %s: a softmax is supported only as the last layer, "
                                 "over dim 1" % _layer_name(index, layer))
            continue
        spec = _layer_spec(torch, index, layer)
        if spec is not None:
            shape.follow(index, layer, spec)
            specs.append((index, layer, spec))
            if spec["type"] == "dense":
                last_linear = len(specs) - 1
    if last_linear is None:
        raise ValueError("from_torch: a convolutional network must end with an nn.Linear layer")
    for index, layer, spec in specs[last_linear + 1:]:
        if spec["type"] != "dropout":
            raise ValueError("from_torch: %s follows the last nn.Linear; prunekit's cnn ends with "
                             "a linear layer (logits)" % _layer_name(index, layer))
    return [spec for _, _, spec in specs]


def _input_shape(module, input_shape):
    spatial = ("Conv2d", "BatchNorm2d", "MaxPool2d", "AvgPool2d")
    linears = [layer for layer in module if type(layer).__name__ == "Linear"]
    if input_shape is None and linears and not any(type(layer).__name__ in spatial
                                                   for layer in module):
        return [int(linears[0].in_features), 1, 1]  # an MLP with batch norms: flat inputs
    shape = tuple(int(d) for d in np.atleast_1d(input_shape)) if input_shape is not None else ()
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError("from_torch: a convolutional network needs input_shape=(channels, "
                         "height, width), got %r" % (input_shape,))
    return list(shape)


def from_torch_cnn(module, classes, input_shape, params):
    import torch

    shape = _input_shape(module, input_shape)
    specs = _specs(torch, module, shape)
    for key in ("architecture", "input_shape"):
        if key in params:
            raise ValueError("from_torch: %s comes from the module; do not give it" % key)
    architecture = [{k: v for k, v in spec.items() if k != "state"} for spec in specs]
    estimator = _prunekit.CNNClassifier(**dict({"architecture": architecture,
                                                "input_shape": shape, "init": "fan_in_uniform"},
                                               **params))
    outputs = [spec["units"] for spec in specs if spec["type"] == "dense"][-1]
    labels = _classes(classes, outputs)
    model_file = dict(_MODEL_FILE, kind="cnn", task="classification",
                      class_names=[str(c) for c in labels], input_shape=shape, layers=specs)
    return estimator._restore(json.dumps(model_file), labels, "<torch module>")


def _number(value):
    """A float32 parameter of the model file (epsilon 9.99999975e-06) as written (1e-05)."""
    return float("%.7g" % value)


def _decoded(text, count, mask):
    raw = base64.b64decode(text)
    if mask:
        return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")[:count] == 1
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def _set(torch, nn, torch_prune, layer, name, values, mask):
    """Sets layer.<name> to values and, when something is masked, attaches the mask."""
    setattr(layer, name, nn.Parameter(torch.from_numpy(np.array(values, dtype=np.float32))))
    if not mask.all():
        torch_prune.custom_from_mask(layer, name, torch.from_numpy(mask.astype(np.float32)))


def _weighted(torch, nn, torch_prune, layer, state, shape):
    rows = shape[0]
    count = int(np.prod(shape))
    weight_mask = _decoded(state["weight_mask"], count, True).reshape(shape)
    _set(torch, nn, torch_prune, layer, "weight",
         _decoded(state["weight"], count, False).reshape(shape), weight_mask)
    bias_mask = _decoded(state["bias_mask"], rows, True)
    if layer.bias is not None:
        _set(torch, nn, torch_prune, layer, "bias", _decoded(state["bias"], rows, False), bias_mask)
    return layer


def to_torch_cnn(model):
    """A torch nn.Sequential taking N x C x H x W with a fitted CNNClassifier's layers."""
    import torch
    from torch import nn
    from torch.nn.utils import prune as torch_prune

    saved = json.loads(model.to_json())
    channels, height, width = saved["input_shape"]
    flat = None  # the features once flattened (or after a dense layer)
    modules = []
    for spec in saved["layers"]:
        kind, state = spec["type"], spec.get("state")
        if kind == "conv2d":
            k, s, p, out = spec["kernel"], spec["stride"], spec["padding"], spec["channels"]
            bias = bool(_decoded(state["bias_mask"], out, True).any())
            layer = torch.nn.utils.skip_init(nn.Conv2d, channels, out, k, stride=s, padding=p,
                                             bias=bias)
            modules.append(_weighted(torch, nn, torch_prune, layer, state, (out, channels, k, k)))
            channels, height, width = out, (height + 2 * p - k) // s + 1, (width + 2 * p - k) // s + 1
        elif kind == "dense":
            inputs, out = flat if flat is not None else channels * height * width, spec["units"]
            bias = bool(_decoded(state["bias_mask"], out, True).any())
            layer = torch.nn.utils.skip_init(nn.Linear, inputs, out, bias=bias)
            modules.append(_weighted(torch, nn, torch_prune, layer, state, (out, inputs)))
            flat = out
        elif kind == "batchnorm":
            n = flat if flat is not None else channels
            layer = (nn.BatchNorm1d if flat is not None else nn.BatchNorm2d)(
                n, eps=_number(spec["epsilon"]), momentum=_number(spec["momentum"]))
            _set(torch, nn, torch_prune, layer, "weight", _decoded(state["scale"], n, False),
                 _decoded(state["scale_mask"], n, True))
            _set(torch, nn, torch_prune, layer, "bias", _decoded(state["shift"], n, False),
                 _decoded(state["shift_mask"], n, True))
            layer.running_mean.copy_(torch.from_numpy(_decoded(state["running_mean"], n, False)))
            layer.running_var.copy_(torch.from_numpy(_decoded(state["running_var"], n, False)))
            modules.append(layer)
        elif kind in ("maxpool2d", "avgpool2d"):
            k, s = spec["kernel"], spec["stride"]
            modules.append((nn.MaxPool2d if kind == "maxpool2d" else nn.AvgPool2d)(k, stride=s))
            height, width = (height - k) // s + 1, (width - k) // s + 1
        elif kind == "flatten":
            modules.append(nn.Flatten())
            flat = channels * height * width
        elif kind == "dropout":
            modules.append(nn.Dropout(_number(spec["p"])))
        else:
            modules.append({"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[kind]())
    return nn.Sequential(*modules)
