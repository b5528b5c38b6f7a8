/**
 * Blockchain Commons Bytewords, minimal style (BCR-2020-012): each byte is the first and last
 * letter of one of 256 four-letter words, and a CRC-32 of the bytes is appended, so a part whose
 * letters were misread is recognised as damaged instead of being trusted.
 */
const WORDS =
  'ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcashcatschefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdulldutyeacheasyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuelfundgalagamegeargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhopehornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokeptkeyskickkilnkingkitekiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmanymathmazememomenumeowmildmintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowlspaidpartpeckplaypluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinrunsrustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoystriptunatwinuglyundouniturgeuservastveryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebswhatwhenwhizwolfworkyankyawnyellyogayurtzapszerozestzinczonezoom';

/** Each byte's two letters, and the byte of each first/last letter pair (-1 where none). */
const MINIMAL: string[] = [];
const BYTE_OF = new Int16Array(26 * 26).fill(-1);
for (let byte = 0; byte < 256; byte++) {
  const first = WORDS.charCodeAt(byte * 4) - 97;
  const last = WORDS.charCodeAt(byte * 4 + 3) - 97;
  MINIMAL.push(WORDS[byte * 4]! + WORDS[byte * 4 + 3]!);
  BYTE_OF[first * 26 + last] = byte;
}

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

/** CRC-32 (IEEE 802.3, as in zlib), the checksum of both a part and a whole transfer. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function bytewordsEncode(bytes: Uint8Array): string {
  const crc = crc32(bytes);
  const words: string[] = [];
  for (const byte of bytes) words.push(MINIMAL[byte]!);
  for (const shift of [24, 16, 8, 0]) words.push(MINIMAL[(crc >>> shift) & 0xff]!);
  return words.join('');
}

/** The bytes of lower-case minimal bytewords, or null when a letter pair is no word or the CRC fails. */
export function bytewordsDecode(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || text.length < 10) return null;
  const all = new Uint8Array(text.length / 2);
  for (let i = 0; i < all.length; i++) {
    const first = text.charCodeAt(2 * i) - 97;
    const last = text.charCodeAt(2 * i + 1) - 97;
    if (first < 0 || first >= 26 || last < 0 || last >= 26) return null;
    const byte = BYTE_OF[first * 26 + last]!;
    if (byte < 0) return null;
    all[i] = byte;
  }
  const body = all.subarray(0, all.length - 4);
  const crc = new DataView(all.buffer).getUint32(all.length - 4);
  return crc32(body) === crc ? body : null;
}
