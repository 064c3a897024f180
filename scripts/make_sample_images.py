#!/usr/bin/python3
"""Writes sample_images/: copies of free photos from Debian's python3-skimage, synthetic
teaching images, and a few Fashion-MNIST items. Run by hand (it needs python3-opencv,
python3-numpy and python3-skimage, the "dev" group of scripts/packages.txt); the images it
writes are committed."""
import gzip
import os
import shutil

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "sample_images")
SKIMAGE = "/usr/lib/python3/dist-packages/skimage/data"
FASHION = "/usr/share/datasets/fashion-mnist"


def photos():
    for name in ("astronaut.png", "chelsea.png", "coffee.png", "brick.png", "camera.png"):
        shutil.copy(os.path.join(SKIMAGE, name), os.path.join(OUT, name))


def synthetic():
    size = 256
    yy, xx = np.mgrid[0:size, 0:size]
    checker = (((yy // 32) + (xx // 32)) % 2 * 255).astype(np.uint8)
    cv2.imwrite(os.path.join(OUT, "checkerboard.png"), checker)

    step = np.full((size, size), 40, np.uint8)
    step[:, size // 2:] = 215
    cv2.imwrite(os.path.join(OUT, "step_edge.png"), step)

    circles = np.full((size, size, 3), 255, np.uint8)
    for r, colour in ((110, (200, 60, 30)), (80, (40, 160, 40)), (50, (30, 60, 200)), (20, (0, 0, 0))):
        cv2.circle(circles, (size // 2, size // 2), r, colour, -1, cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "circles.png"), circles)

    text = np.full((128, 384), 255, np.uint8)
    cv2.putText(text, "ConvScope", (14, 84), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 0, 5, cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "text.png"), text)


def fashion():
    with gzip.open(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    names = ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
             "bag", "ankle_boot"]
    for wanted in (0, 1, 7, 9):  # t-shirt, trouser, sneaker, ankle boot
        index = int(np.nonzero(labels == wanted)[0][0])
        cv2.imwrite(os.path.join(OUT, f"fashion_{names[wanted]}_{index}.png"), images[index])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    photos()
    synthetic()
    fashion()
