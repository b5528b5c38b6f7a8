/**
 * The six zxing pieces the decoder needs, file by file from zxing's CommonJS build. Its package
 * index pulls in every barcode format (about 460 KB minified against 100 KB), and its ES build
 * cannot load in Node (extensionless imports in a CommonJS package). Node and bundlers disagree on
 * what a default import of CommonJS is (`module.exports` or its `default`), so each is unwrapped.
 */
import * as binaryBitmap from '@zxing/library/cjs/core/BinaryBitmap.js';
import * as decodeHintType from '@zxing/library/cjs/core/DecodeHintType.js';
import * as globalHistogramBinarizer from '@zxing/library/cjs/core/common/GlobalHistogramBinarizer.js';
import * as hybridBinarizer from '@zxing/library/cjs/core/common/HybridBinarizer.js';
import * as qrCodeReader from '@zxing/library/cjs/core/qrcode/QRCodeReader.js';
import * as rgbLuminanceSource from '@zxing/library/cjs/core/RGBLuminanceSource.js';

function unwrap<T>(module: { default: T }): T {
  const value: unknown = module.default;
  return (typeof value === 'object' && value !== null && 'default' in value ? value.default : value) as T;
}

export const BinaryBitmap = unwrap(binaryBitmap);
export const DecodeHintType = unwrap(decodeHintType);
export const GlobalHistogramBinarizer = unwrap(globalHistogramBinarizer);
export const HybridBinarizer = unwrap(hybridBinarizer);
export const QRCodeReader = unwrap(qrCodeReader);
export const RGBLuminanceSource = unwrap(rgbLuminanceSource);
