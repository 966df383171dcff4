// Writes synthetic CT slices as DICOM Part-10 files (explicit VR little endian, 16-bit signed,
// rescale to HU) so the benchmark needs no external data set.

const UID_ROOT = '1.2.826.0.1.3680043.10.1011';

function element(group, el, vr, value) {
  const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(el, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

const str = (s) => {
  const b = Buffer.from(s, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(' ')]) : b;
};
const uid = (s) => {
  const b = Buffer.from(s, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
};
const us = (n) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

/** A 512x512 phantom: air, a body ellipse of soft tissue, lungs, a spine; shifted per slice. */
export function ctSlice(k, rows = 512, cols = 512) {
  const px = Buffer.alloc(rows * cols * 2);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const nx = (x - cols / 2) / (cols * 0.42);
      const ny = (y - rows / 2) / (rows * 0.32);
      let hu = -1000;
      if (nx * nx + ny * ny < 1) hu = 40 + ((x * 7 + y * 13 + k) % 20);
      for (const side of [-1, 1]) {
        const lx = (x - cols / 2 - side * cols * 0.18) / (cols * 0.13);
        const ly = (y - rows / 2 + 10) / (rows * (0.2 + 0.002 * k));
        if (lx * lx + ly * ly < 1) hu = -800;
      }
      const sx = (x - cols / 2) / 28;
      const sy = (y - rows * 0.72) / 24;
      if (sx * sx + sy * sy < 1) hu = 700;
      px.writeInt16LE(hu + 1024, (y * cols + x) * 2);
    }
  }
  return px;
}

export function part10(k, study, series, rows = 512, cols = 512) {
  const sop = `${UID_ROOT}.3.${k + 1}`;
  const body = Buffer.concat([
    element(0x0008, 0x0016, 'UI', uid('1.2.840.10008.5.1.4.1.1.2')),
    element(0x0008, 0x0018, 'UI', uid(sop)),
    element(0x0008, 0x0060, 'CS', str('CT')),
    element(0x0010, 0x0010, 'PN', str('Bench^Phantom')),
    element(0x0020, 0x000d, 'UI', uid(study)),
    element(0x0020, 0x000e, 'UI', uid(series)),
    element(0x0020, 0x0013, 'IS', str(String(k + 1))),
    element(0x0020, 0x0032, 'DS', str(`-256\\-256\\${k * 2}`)),
    element(0x0020, 0x0037, 'DS', str('1\\0\\0\\0\\1\\0')),
    element(0x0020, 0x0052, 'UI', uid(`${UID_ROOT}.4`)),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', str('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', us(rows)),
    element(0x0028, 0x0011, 'US', us(cols)),
    element(0x0028, 0x0030, 'DS', str('1\\1')),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x0028, 0x0101, 'US', us(16)),
    element(0x0028, 0x0102, 'US', us(15)),
    element(0x0028, 0x0103, 'US', us(0)),
    element(0x0028, 0x1052, 'DS', str('-1024')),
    element(0x0028, 0x1053, 'DS', str('1')),
    element(0x7fe0, 0x0010, 'OW', ctSlice(k, rows, cols)),
  ]);
  const metaBody = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', uid('1.2.840.10008.5.1.4.1.1.2')),
    element(0x0002, 0x0003, 'UI', uid(sop)),
    element(0x0002, 0x0010, 'UI', uid('1.2.840.10008.1.2.1')),
    element(0x0002, 0x0012, 'UI', uid(`${UID_ROOT}.1`)),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), element(0x0002, 0x0000, 'UL', groupLength), metaBody, body]);
}
