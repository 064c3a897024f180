#!/usr/bin/env python3
"""Writes the generated seed files of tests/fuzz/corpus: tiny weights files, IDX files and
images of every format the image loader reads. Run with a Python that has OpenCV and Pillow
(/usr/bin/python3 here); the other seeds are copies of shipped files (docs/fuzzing.md)."""
import gzip
import json
import pathlib
import struct
import zlib

import cv2
import numpy as np
from PIL import Image

corpus = pathlib.Path(__file__).resolve().parent / "corpus"


def weights_file(lesson_optimizer, with_state):
    lesson = {
        "format": "convscope-training-lesson", "version": 1, "name": "tiny",
        "title": {"en": "tiny", "zh": "小"}, "description": {"en": "", "zh": ""},
        "dataset": "fashion-mnist", "input": [1, 4, 4],
        "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 3, "stride": 1,
                    "padding": 0, "bias": True},
                   {"type": "relu"}, {"type": "flatten"},
                   {"type": "linear", "out_features": 3, "bias": True}],
        "init": {"weight": "xavier_uniform", "bias": "torch_default", "seed": 0},
        "optimizer": lesson_optimizer, "training": {"batch_size": 4, "epochs": 1}}
    params = [("0.weight", [2, 1, 3, 3]), ("0.bias", [2]), ("3.weight", [3, 8]), ("3.bias", [3])]
    state = [(n + ".exp_avg", s) for n, s in params] if with_state else []
    header = {"lesson": lesson,
              "parameters": [{"name": n, "shape": s} for n, s in params],
              "optimizer_state": [{"name": n, "shape": s} for n, s in state],
              "optimizer_steps": 3 if with_state else 0,
              "progress": {"epochs_done": 1, "history": [{"epoch": 1, "loss": 1.0}]}}
    text = json.dumps(header, separators=(",", ":")).encode()
    data = b"".join(np.linspace(-1, 1, int(np.prod(s)), dtype="<f4").tobytes()
                    for _, s in params + state)
    body = b"\x89CSW\r\n\x1a\n" + struct.pack("<IQ", 1, len(text)) + text + data
    return body + struct.pack("<I", zlib.crc32(body))


def idx(values, dims):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + \
        bytes(values)


def main():
    w = corpus / "fuzz_weights"
    w.mkdir(parents=True, exist_ok=True)
    sgd = {"type": "sgd", "lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": False,
           "weight_decay": 0.0}
    adam = {"type": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8,
            "weight_decay": 0.0}
    (w / "tiny_sgd.csw").write_bytes(weights_file(sgd, False))
    (w / "tiny_adam_state.csw").write_bytes(weights_file(adam, True))

    d = corpus / "fuzz_idx"
    d.mkdir(parents=True, exist_ok=True)
    images = idx(range(3 * 4 * 4), [3, 4, 4])
    (d / "images_3x4x4.idx").write_bytes(images)
    (d / "labels_3.idx").write_bytes(idx([1, 7, 9], [3]))
    (d / "images_3x4x4.idx.gz").write_bytes(gzip.compress(images, mtime=0))
    (d / "empty_0x28x28.idx").write_bytes(idx([], [0, 28, 28]))
    (d / "rank4_1x1x2x2.idx").write_bytes(idx([1, 2, 3, 4], [1, 1, 2, 2]))

    m = corpus / "fuzz_image"
    m.mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[0:6, 0:5]
    gray = (yy * 40 + xx * 10).astype(np.uint8)
    bgr = np.dstack([gray, 255 - gray, (xx * 50).astype(np.uint8)])
    bgra = np.dstack([bgr, (yy * 50).astype(np.uint8)])
    cv2.imwrite(str(m / "gray.png"), gray)
    cv2.imwrite(str(m / "colour_alpha.png"), bgra)
    cv2.imwrite(str(m / "gray16.png"), gray.astype(np.uint16) * 257)
    cv2.imwrite(str(m / "colour.jpg"), bgr)
    cv2.imwrite(str(m / "gray.jpg"), gray)
    cv2.imwrite(str(m / "colour.bmp"), bgr)
    cv2.imwrite(str(m / "gray.pgm"), gray)
    cv2.imwrite(str(m / "colour.ppm"), bgr)
    cv2.imwrite(str(m / "colour.tiff"), bgr)
    cv2.imwrite(str(m / "colour.webp"), bgr, [cv2.IMWRITE_WEBP_QUALITY, 101])
    Image.fromarray(gray).save(m / "gray.gif")
    Image.fromarray(bgr[:, :, ::-1]).save(m / "colour_lossy.webp", quality=50)
    # An EXIF orientation tag (rotate 90°) in a JPEG.
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(bgr[:, :, ::-1]).save(m / "rotated_exif.jpg", exif=exif.tobytes())


if __name__ == "__main__":
    main()
