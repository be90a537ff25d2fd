#!/usr/bin/env python3
"""Torchvision fixtures for Fewshot's tests, made at test time with Debian's python3-torch and python3-torchvision.

  fixtures.py make OUTDIR
      For each architecture: random weights (batch-norm statistics and affine weights too, so that they matter) saved
      as a state_dict in PyTorch's zip format (ARCH.pth), and the body's output (the feature map before pooling) on
      fixed inputs, in reference.safetensors. Also efficientnet_b0.safetensors (the same weights as its .pth) and
      resnet18-legacy.pth (PyTorch's old non-zip format).
  fixtures.py check-export FILE ARCH INPUTS
      Loads Fewshot's safetensors export of a trained ARCH model into torchvision's ARCH (the body, under torchvision's
      names) and fastai v1's head (under head.N), runs it on INPUTS (a safetensors file holding 'input', preprocessed
      N×3×S×S) and prints the class probabilities as JSON.

Debian 12 has no python3-safetensors: the format (8-byte little-endian header length, JSON header, raw tensors) is
written and read here by hand."""
import json, struct, sys
import torch
import torchvision

ARCHITECTURES = ["resnet18", "resnet34", "resnet50", "efficientnet_b0", "mobilenet_v3_large"]
CLASSIFIER = {"resnet18": "fc.", "resnet34": "fc.", "resnet50": "fc."}  # the others: "classifier."
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        blob = tensor.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    kinds = {"F32": torch.float32, "I64": torch.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=kinds[entry["dtype"]])
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors, header.get("__metadata__", {})


def body(model, arch, x):
    if arch.startswith("resnet"):
        for name in ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"]:
            x = getattr(model, name)(x)
        return x
    return model.features(x)


def randomise(model, generator):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0, 0.1, generator=generator)
                module.running_mean.normal_(0, 0.1, generator=generator)
                module.running_var.uniform_(0.5, 1.5, generator=generator)
                module.num_batches_tracked.fill_(7)
            if isinstance(module, torchvision.ops.SqueezeExcitation):
                # Squeezed values above 6 tell ReLU from ReLU6 (torchvision uses ReLU in every squeeze-excitation).
                module.fc1.bias.add_(8)


def make(out):
    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(2, 3, 80, 80, generator=generator)
    reference = {"input": inputs}
    for arch in ARCHITECTURES:
        torch.manual_seed(ARCHITECTURES.index(arch))
        model = getattr(torchvision.models, arch)()
        randomise(model, generator)
        model.eval()
        state = model.state_dict()
        torch.save(state, f"{out}/{arch}.pth")
        if arch == "efficientnet_b0":
            write_safetensors(f"{out}/{arch}.safetensors", state)
        if arch == "resnet18":
            torch.save(state, f"{out}/resnet18-legacy.pth", _use_new_zipfile_serialization=False)
        with torch.no_grad():
            reference[arch] = body(model, arch, inputs)
    write_safetensors(f"{out}/reference.safetensors", reference)


def check_export(path, arch, inputs_path):
    tensors, metadata = read_safetensors(path)
    model = getattr(torchvision.models, arch)()
    body_state = {k: v for k, v in tensors.items() if not k.startswith("head.")}
    missing, unexpected = model.load_state_dict(body_state, strict=False)
    classifier = CLASSIFIER.get(arch, "classifier.")
    assert all(k.startswith(classifier) for k in missing), f"body tensors missing from the export: {missing[:5]}"
    assert not unexpected, f"tensors torchvision does not know: {unexpected[:5]}"
    h = lambda name: tensors["head." + name]
    features = h("2.weight").shape[0]
    classes = h("8.weight").shape[0]
    head = torch.nn.Sequential(torch.nn.BatchNorm1d(features), torch.nn.Dropout(0.25), torch.nn.Linear(features, 512), torch.nn.ReLU(),
                               torch.nn.BatchNorm1d(512), torch.nn.Dropout(0.5), torch.nn.Linear(512, classes))
    # fastai v1's create_head: 0 AdaptiveConcatPool2d, 1 Flatten, 2 BatchNorm1d, 3 Dropout, 4 Linear, 5 ReLU,
    # 6 BatchNorm1d, 7 Dropout, 8 Linear; this head holds 2..8 as its 0..6.
    head.load_state_dict({f"{int(k.split('.')[1]) - 2}.{k.split('.', 2)[2]}": v for k, v in tensors.items() if k.startswith("head.")})
    model.eval()
    head.eval()
    x = read_safetensors(inputs_path)[0]["input"]
    with torch.no_grad():
        feature_map = body(model, arch, x)
        pooled = torch.cat([torch.amax(feature_map, dim=(2, 3)), torch.mean(feature_map, dim=(2, 3))], 1)
        probabilities = torch.softmax(head(pooled), 1)
    print(json.dumps({"metadata": metadata, "probabilities": probabilities.tolist()}))


if __name__ == "__main__":
    torch.set_num_threads(2)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "check-export":
        check_export(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
