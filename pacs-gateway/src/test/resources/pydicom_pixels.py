"""pydicom's reading of pixel data, as the reference PydicomPixelValuesTest compares ours with.

  pydicom_pixels.py generate DIR       writes Explicit VR Big Endian files of every bit depth into DIR
  pydicom_pixels.py values DIR FILE... writes DIR/<n>.bin for the n-th FILE and prints "<n> <dtype>" or
                                       "<n> ERR <why>": integer cells as their 32-bit pattern, floats as
                                       IEEE little endian, frames, rows, columns and samples in that order
"""
import sys
import warnings

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

ROWS, COLUMNS = 4, 6


def big_endian_file(path, bits, signed, vr, frames=1, samples=1, planar=0, float_tag=None):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRBigEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = False
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Rows, ds.Columns, ds.SamplesPerPixel = ROWS, COLUMNS, samples
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples > 1:
        ds.PlanarConfiguration = planar
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits
    count = frames * ROWS * COLUMNS * samples
    if float_tag is not None:
        values = np.linspace(-1e6, 1e6, count) / 3
        ds.add_new(float_tag, vr, values.astype(">f4" if bits == 32 else ">f8").tobytes())
        pydicom.dcmwrite(path, ds, write_like_original=False)
        return
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    if bits == 1:
        cells = np.packbits(np.arange(count) % 3 == 0, bitorder="little")
        data = cells.tobytes() + b"\0" * (-len(cells) % 2)
    else:
        # Values whose bytes all differ, so that any swap of bytes or words shows.
        pattern = np.arange(count, dtype=np.uint64) * 0x01030507 + 0x00130EE8
        cells = (pattern & ((1 << bits) - 1)).astype(np.uint64)
        dtype = (">i" if signed else ">u") + str(bits // 8)
        if signed:
            cells = cells.astype(np.int64) - (1 << (bits - 1))
        data = cells.astype(dtype).tobytes()
    ds.add_new(0x7FE00010, vr, data + b"\0" * (len(data) % 2))
    pydicom.dcmwrite(path, ds, write_like_original=False)


def generate(folder):
    big_endian_file(f"{folder}/be_1bit_OB.dcm", 1, False, "OB")
    big_endian_file(f"{folder}/be_1bit_OW.dcm", 1, False, "OW")
    big_endian_file(f"{folder}/be_8bit_OB.dcm", 8, False, "OB", frames=3)
    big_endian_file(f"{folder}/be_8bit_OW.dcm", 8, False, "OW", frames=3)
    big_endian_file(f"{folder}/be_8bit_rgb_planar_OW.dcm", 8, False, "OW", samples=3, planar=1)
    big_endian_file(f"{folder}/be_16bit_unsigned_OW.dcm", 16, False, "OW", frames=2)
    big_endian_file(f"{folder}/be_16bit_signed_OW.dcm", 16, True, "OW")
    big_endian_file(f"{folder}/be_16bit_rgb_OW.dcm", 16, False, "OW", samples=3)
    big_endian_file(f"{folder}/be_32bit_unsigned_OW.dcm", 32, False, "OW", frames=2)
    big_endian_file(f"{folder}/be_32bit_signed_OW.dcm", 32, True, "OW")
    big_endian_file(f"{folder}/be_32bit_float_OF.dcm", 32, False, "OF", frames=2, float_tag=0x7FE00008)
    big_endian_file(f"{folder}/be_64bit_double_OD.dcm", 64, False, "OD", float_tag=0x7FE00009)


def values(folder, files):
    warnings.simplefilter("ignore")
    for n, name in enumerate(files):
        try:
            ds = pydicom.dcmread(name, force=True)
            if "TransferSyntaxUID" not in ds.file_meta:
                # A bare data set: pydicom recognised its encoding while reading.
                ds.file_meta.TransferSyntaxUID = (ImplicitVRLittleEndian if ds.is_implicit_VR else
                                                  ExplicitVRLittleEndian if ds.is_little_endian else
                                                  ExplicitVRBigEndian)
            array = ds.pixel_array.reshape(-1)
            if array.dtype.kind == "f":
                out = array.astype("<f" + str(array.dtype.itemsize))
            else:
                out = (array.astype(np.int64) & 0xFFFFFFFF).astype("<u4")
            out.tofile(f"{folder}/{n}.bin")
            print(n, array.dtype.kind + str(array.dtype.itemsize), flush=True)
        except Exception as e:
            print(n, "ERR", type(e).__name__, str(e).splitlines()[0] if str(e) else "", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        values(sys.argv[2], sys.argv[3:])
