/**
 * The natural logarithm, bit for bit as glibc's `log` computes it on x86-64 CPUs with FMA.
 *
 * NumPy's legacy `randn` (`legacy_gauss`, see random-state.ts) calls C's `log`; V8's `Math.log`
 * (fdlibm) differs from glibc's in the last bit for a few percent of inputs.
 *
 * Algorithm and constants: glibc (2.28 and later) `sysdeps/ieee754/dbl-64/e_log.c` and
 * `e_log_data.c`, which come from ARM optimized-routines `math/log.c` and `math/log_data.c`.
 * On x86-64 glibc also builds that file with `-mfma -mavx2` (`sysdeps/x86_64/fpu/multiarch/
 * e_log-fma.c`) and picks that build at load time on CPUs with FMA and AVX2. GCC then fuses many
 * `a * b + c` into fused multiply-adds with a single rounding; which ones were fused was read off
 * the disassembly of that build in Debian's glibc 2.36 `libm.so.6`. Each fused operation is
 * written `fma(...)` below (or spelled out as Dekker's product plus `fmaTail`) and emulated
 * exactly. (CPUs without FMA run glibc's plain SSE2 build, whose results can differ in the last
 * bit.)
 */

// Raw access to the bits of a double; the high 32-bit word holds sign, exponent and the top 20
// fraction bits.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // 1 on little-endian
const LO = 1 - HI;

/** Parse a normal C hex float literal such as `-0x1.62e42fefa3800p-1`, exactly. */
function hexFloat(s: string): number {
  const m = /^(-?)0x1(?:\.([0-9a-f]{1,13}))?p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = ((m[2] ?? '') + '0000000000000').slice(0, 13);
  u32[HI] =
    (m[1] ? 0x80000000 : 0) | ((Number(m[3]) + 1023) << 20) | parseInt(frac.slice(0, 5), 16);
  u32[LO] = parseInt(frac.slice(5), 16);
  return f64[0]!;
}

// --- Exact fused multiply-add ------------------------------------------------------------------
//
// fma(a, b, c) = RN(a * b + c): Dekker's product gives a * b = ph + pl exactly, with ph = RN(a * b)
// (a and b are cut into 26-bit halves by Veltkamp's splitting, so the partial products are exact);
// then RN(ph + pl + c) is rounded once by fmaTail. The inputs here never come near overflow or
// underflow, which these error-free transformations need.

const SPLIT = 134217729; // 2^27 + 1

/** The high half of Veltkamp's split of v; v - hiHalf(v) is the low half. */
function hiHalf(v: number): number {
  const t = SPLIT * v;
  return t - (t - v);
}

/**
 * RN(ph + pl + c) with a single rounding, given an exact product ph + pl with ph = RN(ph + pl).
 *
 * TwoSum gives c + ph = sh + sl exactly; v = RN(sl + pl) with error e. Then RN(sh + v) is the
 * answer except when sh + v falls exactly on a midpoint between two doubles while e != 0: the
 * exact sum is then just off the midpoint, on the side of e. (v cannot jump over a midpoint
 * because, when e != 0, sl != 0 so |sh| is at least about |c| and |ph|, and the midpoints near
 * sh + v are sh plus short multiples of ulp(sh) / 4, all exactly representable.)
 */
function fmaTail(ph: number, pl: number, c: number): number {
  const sh = c + ph;
  const bb = sh - c;
  const sl = c - (sh - bb) + (ph - bb);
  const v = sl + pl;
  const bv = v - sl;
  const e = sl - (v - bv) + (pl - bv);
  const z = sh + v;
  if (e === 0) return z;
  const d = v - (z - sh); // sh + v = z + d exactly (|v| << |sh| here)
  const tie = d !== 0 && z + 2 * d - z === 2 * d; // z + 2d is the other neighbour
  return tie && d > 0 === e > 0 ? z + 2 * d : z;
}

function fma(a: number, b: number, c: number): number {
  const ph = a * b;
  const ah = hiHalf(a);
  const al = a - ah;
  const bh = hiHalf(b);
  const bl = b - bh;
  return fmaTail(ph, ah * bh - ph + ah * bl + al * bh + al * bl, c);
}

// --- Constants from e_log_data.c (__log_data) --------------------------------------------------

const LN2HI = hexFloat('0x1.62e42fefa3800p-1');
const LN2LO = hexFloat('0x1.ef35793c76730p-45');

// log1p(r) - r ~ A0 r^2 + ... + A4 r^6 for |r| < 0x1.fp-9 (poly).
const A0 = hexFloat('-0x1.0000000000001p-1');
const A1 = hexFloat('0x1.555555551305bp-2');
const A2 = hexFloat('-0x1.fffffffeb459p-3');
const A3 = hexFloat('0x1.999b324f10111p-3');
const A4 = hexFloat('-0x1.55575e506c89fp-3');

// log1p(r) ~ r + B0 r^2 + ... + B10 r^12 for -0x1p-4 < r < 0x1.09p-4 (poly1).
const B0 = hexFloat('-0x1p-1');
const B1 = hexFloat('0x1.5555555555577p-2');
const B2 = hexFloat('-0x1.ffffffffffdcbp-3');
const B3 = hexFloat('0x1.999999995dd0cp-3');
const B4 = hexFloat('-0x1.55555556745a7p-3');
const B5 = hexFloat('0x1.24924a344de3p-3');
const B6 = hexFloat('-0x1.fffffa4423d65p-4');
const B7 = hexFloat('0x1.c7184282ad6cap-4');
const B8 = hexFloat('-0x1.999eb43b068ffp-4');
const B9 = hexFloat('0x1.78182f7afd085p-4');
const B10 = hexFloat('-0x1.5521375d145cdp-4');

// [0x1.6p-1, 0x1.6p0) is cut into 128 subintervals; entry i is {1/c, log(c)} for a c near the
// middle of subinterval i (tab).
// prettier-ignore
const TAB: readonly (readonly [string, string])[] = [
  ['0x1.734f0c3e0de9fp+0', '-0x1.7cc7f79e69000p-2'],
  ['0x1.713786a2ce91fp+0', '-0x1.76feec20d0000p-2'],
  ['0x1.6f26008fab5a0p+0', '-0x1.713e31351e000p-2'],
  ['0x1.6d1a61f138c7dp+0', '-0x1.6b85b38287800p-2'],
  ['0x1.6b1490bc5b4d1p+0', '-0x1.65d5590807800p-2'],
  ['0x1.69147332f0cbap+0', '-0x1.602d076180000p-2'],
  ['0x1.6719f18224223p+0', '-0x1.5a8ca86909000p-2'],
  ['0x1.6524f99a51ed9p+0', '-0x1.54f4356035000p-2'],
  ['0x1.63356aa8f24c4p+0', '-0x1.4f637c36b4000p-2'],
  ['0x1.614b36b9ddc14p+0', '-0x1.49da7fda85000p-2'],
  ['0x1.5f66452c65c4cp+0', '-0x1.445923989a800p-2'],
  ['0x1.5d867b5912c4fp+0', '-0x1.3edf439b0b800p-2'],
  ['0x1.5babccb5b90dep+0', '-0x1.396ce448f7000p-2'],
  ['0x1.59d61f2d91a78p+0', '-0x1.3401e17bda000p-2'],
  ['0x1.5805612465687p+0', '-0x1.2e9e2ef468000p-2'],
  ['0x1.56397cee76bd3p+0', '-0x1.2941b3830e000p-2'],
  ['0x1.54725e2a77f93p+0', '-0x1.23ec58cda8800p-2'],
  ['0x1.52aff42064583p+0', '-0x1.1e9e129279000p-2'],
  ['0x1.50f22dbb2bddfp+0', '-0x1.1956d2b48f800p-2'],
  ['0x1.4f38f4734ded7p+0', '-0x1.141679ab9f800p-2'],
  ['0x1.4d843cfde2840p+0', '-0x1.0edd094ef9800p-2'],
  ['0x1.4bd3ec078a3c8p+0', '-0x1.09aa518db1000p-2'],
  ['0x1.4a27fc3e0258ap+0', '-0x1.047e65263b800p-2'],
  ['0x1.4880524d48434p+0', '-0x1.feb224586f000p-3'],
  ['0x1.46dce1b192d0bp+0', '-0x1.f474a7517b000p-3'],
  ['0x1.453d9d3391854p+0', '-0x1.ea4443d103000p-3'],
  ['0x1.43a2744b4845ap+0', '-0x1.e020d44e9b000p-3'],
  ['0x1.420b54115f8fbp+0', '-0x1.d60a22977f000p-3'],
  ['0x1.40782da3ef4b1p+0', '-0x1.cc00104959000p-3'],
  ['0x1.3ee8f5d57fe8fp+0', '-0x1.c202956891000p-3'],
  ['0x1.3d5d9a00b4ce9p+0', '-0x1.b81178d811000p-3'],
  ['0x1.3bd60c010c12bp+0', '-0x1.ae2c9ccd3d000p-3'],
  ['0x1.3a5242b75dab8p+0', '-0x1.a45402e129000p-3'],
  ['0x1.38d22cd9fd002p+0', '-0x1.9a877681df000p-3'],
  ['0x1.3755bc5847a1cp+0', '-0x1.90c6d69483000p-3'],
  ['0x1.35dce49ad36e2p+0', '-0x1.87120a645c000p-3'],
  ['0x1.34679984dd440p+0', '-0x1.7d68fb4143000p-3'],
  ['0x1.32f5cceffcb24p+0', '-0x1.73cb83c627000p-3'],
  ['0x1.3187775a10d49p+0', '-0x1.6a39a9b376000p-3'],
  ['0x1.301c8373e3990p+0', '-0x1.60b3154b7a000p-3'],
  ['0x1.2eb4ebb95f841p+0', '-0x1.5737d76243000p-3'],
  ['0x1.2d50a0219a9d1p+0', '-0x1.4dc7b8fc23000p-3'],
  ['0x1.2bef9a8b7fd2ap+0', '-0x1.4462c51d20000p-3'],
  ['0x1.2a91c7a0c1babp+0', '-0x1.3b08abc830000p-3'],
  ['0x1.293726014b530p+0', '-0x1.31b996b490000p-3'],
  ['0x1.27dfa5757a1f5p+0', '-0x1.2875490a44000p-3'],
  ['0x1.268b39b1d3bbfp+0', '-0x1.1f3b9f879a000p-3'],
  ['0x1.2539d838ff5bdp+0', '-0x1.160c8252ca000p-3'],
  ['0x1.23eb7aac9083bp+0', '-0x1.0ce7f57f72000p-3'],
  ['0x1.22a012ba940b6p+0', '-0x1.03cdc49fea000p-3'],
  ['0x1.2157996cc4132p+0', '-0x1.f57bdbc4b8000p-4'],
  ['0x1.201201dd2fc9bp+0', '-0x1.e370896404000p-4'],
  ['0x1.1ecf4494d480bp+0', '-0x1.d17983ef94000p-4'],
  ['0x1.1d8f5528f6569p+0', '-0x1.bf9674ed8a000p-4'],
  ['0x1.1c52311577e7cp+0', '-0x1.adc79202f6000p-4'],
  ['0x1.1b17c74cb26e9p+0', '-0x1.9c0c3e7288000p-4'],
  ['0x1.19e010c2c1ab6p+0', '-0x1.8a646b372c000p-4'],
  ['0x1.18ab07bb670bdp+0', '-0x1.78d01b3ac0000p-4'],
  ['0x1.1778a25efbcb6p+0', '-0x1.674f145380000p-4'],
  ['0x1.1648d354c31dap+0', '-0x1.55e0e6d878000p-4'],
  ['0x1.151b990275fddp+0', '-0x1.4485cdea1e000p-4'],
  ['0x1.13f0ea432d24cp+0', '-0x1.333d94d6aa000p-4'],
  ['0x1.12c8b7210f9dap+0', '-0x1.22079f8c56000p-4'],
  ['0x1.11a3028ecb531p+0', '-0x1.10e4698622000p-4'],
  ['0x1.107fbda8434afp+0', '-0x1.ffa6c6ad20000p-5'],
  ['0x1.0f5ee0f4e6bb3p+0', '-0x1.dda8d4a774000p-5'],
  ['0x1.0e4065d2a9fcep+0', '-0x1.bbcece4850000p-5'],
  ['0x1.0d244632ca521p+0', '-0x1.9a1894012c000p-5'],
  ['0x1.0c0a77ce2981ap+0', '-0x1.788583302c000p-5'],
  ['0x1.0af2f83c636d1p+0', '-0x1.5715e67d68000p-5'],
  ['0x1.09ddb98a01339p+0', '-0x1.35c8a49658000p-5'],
  ['0x1.08cabaf52e7dfp+0', '-0x1.149e364154000p-5'],
  ['0x1.07b9f2f4e28fbp+0', '-0x1.e72c082eb8000p-6'],
  ['0x1.06ab58c358f19p+0', '-0x1.a55f152528000p-6'],
  ['0x1.059eea5ecf92cp+0', '-0x1.63d62cf818000p-6'],
  ['0x1.04949cdd12c90p+0', '-0x1.228fb8caa0000p-6'],
  ['0x1.038c6c6f0ada9p+0', '-0x1.c317b20f90000p-7'],
  ['0x1.02865137932a9p+0', '-0x1.419355daa0000p-7'],
  ['0x1.0182427ea7348p+0', '-0x1.81203c2ec0000p-8'],
  ['0x1.008040614b195p+0', '-0x1.0040979240000p-9'],
  ['0x1.fe01ff726fa1ap-1', '0x1.feff384900000p-9'],
  ['0x1.fa11cc261ea74p-1', '0x1.7dc41353d0000p-7'],
  ['0x1.f6310b081992ep-1', '0x1.3cea3c4c28000p-6'],
  ['0x1.f25f63ceeadcdp-1', '0x1.b9fc114890000p-6'],
  ['0x1.ee9c8039113e7p-1', '0x1.1b0d8ce110000p-5'],
  ['0x1.eae8078cbb1abp-1', '0x1.58a5bd001c000p-5'],
  ['0x1.e741aa29d0c9bp-1', '0x1.95c8340d88000p-5'],
  ['0x1.e3a91830a99b5p-1', '0x1.d276aef578000p-5'],
  ['0x1.e01e009609a56p-1', '0x1.07598e598c000p-4'],
  ['0x1.dca01e577bb98p-1', '0x1.253f5e30d2000p-4'],
  ['0x1.d92f20b7c9103p-1', '0x1.42edd8b380000p-4'],
  ['0x1.d5cac66fb5ccep-1', '0x1.606598757c000p-4'],
  ['0x1.d272caa5ede9dp-1', '0x1.7da76356a0000p-4'],
  ['0x1.cf26e3e6b2ccdp-1', '0x1.9ab434e1c6000p-4'],
  ['0x1.cbe6da2a77902p-1', '0x1.b78c7bb0d6000p-4'],
  ['0x1.c8b266d37086dp-1', '0x1.d431332e72000p-4'],
  ['0x1.c5894bd5d5804p-1', '0x1.f0a3171de6000p-4'],
  ['0x1.c26b533bb9f8cp-1', '0x1.067152b914000p-3'],
  ['0x1.bf583eeece73fp-1', '0x1.147858292b000p-3'],
  ['0x1.bc4fd75db96c1p-1', '0x1.2266ecdca3000p-3'],
  ['0x1.b951e0c864a28p-1', '0x1.303d7a6c55000p-3'],
  ['0x1.b65e2c5ef3e2cp-1', '0x1.3dfc33c331000p-3'],
  ['0x1.b374867c9888bp-1', '0x1.4ba366b7a8000p-3'],
  ['0x1.b094b211d304ap-1', '0x1.5933928d1f000p-3'],
  ['0x1.adbe885f2ef7ep-1', '0x1.66acd2418f000p-3'],
  ['0x1.aaf1d31603da2p-1', '0x1.740f8ec669000p-3'],
  ['0x1.a82e63fd358a7p-1', '0x1.815c0f51af000p-3'],
  ['0x1.a5740ef09738bp-1', '0x1.8e92954f68000p-3'],
  ['0x1.a2c2a90ab4b27p-1', '0x1.9bb3602f84000p-3'],
  ['0x1.a01a01393f2d1p-1', '0x1.a8bed1c2c0000p-3'],
  ['0x1.9d79f24db3c1bp-1', '0x1.b5b515c01d000p-3'],
  ['0x1.9ae2505c7b190p-1', '0x1.c2967ccbcc000p-3'],
  ['0x1.9852ef297ce2fp-1', '0x1.cf635d5486000p-3'],
  ['0x1.95cbaeea44b75p-1', '0x1.dc1bd3446c000p-3'],
  ['0x1.934c69de74838p-1', '0x1.e8c01b8cfe000p-3'],
  ['0x1.90d4f2f6752e6p-1', '0x1.f5509c0179000p-3'],
  ['0x1.8e6528effd79dp-1', '0x1.00e6c121fb800p-2'],
  ['0x1.8bfce9fcc007cp-1', '0x1.071b80e93d000p-2'],
  ['0x1.899c0dabec30ep-1', '0x1.0d46b9e867000p-2'],
  ['0x1.87427aa2317fbp-1', '0x1.13687334bd000p-2'],
  ['0x1.84f00acb39a08p-1', '0x1.1980d67234800p-2'],
  ['0x1.82a49e8653e55p-1', '0x1.1f8ffe0cc8000p-2'],
  ['0x1.8060195f40260p-1', '0x1.2595fd7636800p-2'],
  ['0x1.7e22563e0a329p-1', '0x1.2b9300914a800p-2'],
  ['0x1.7beb377dcb5adp-1', '0x1.3187210436000p-2'],
  ['0x1.79baa679725c2p-1', '0x1.377266dec1800p-2'],
  ['0x1.77907f2170657p-1', '0x1.3d54ffbaf3000p-2'],
  ['0x1.756cadbd6130cp-1', '0x1.432eee32fe000p-2'],
];

const INVC = new Float64Array(128);
const INVC_HI = new Float64Array(128); // Veltkamp halves of INVC
const INVC_LO = new Float64Array(128);
const LOGC = new Float64Array(128);
TAB.forEach(([invc, logc], i) => {
  const v = hexFloat(invc);
  INVC[i] = v;
  INVC_HI[i] = hiHalf(v);
  INVC_LO[i] = v - hiHalf(v);
  LOGC[i] = hexFloat(logc);
});

// Veltkamp halves of the constants that appear in fused products.
const A0H = hiHalf(A0);
const A0L = A0 - A0H;
const A2H = hiHalf(A2);
const A2L = A2 - A2H;
const A4H = hiHalf(A4);
const A4L = A4 - A4H;
const LN2LO_H = hiHalf(LN2LO);
const LN2LO_L = LN2LO - LN2LO_H;

// NEG_POW2[k + 1022] = 2^-k for k in [-1022, 1024], built by exact doubling and halving.
const NEG_POW2 = new Float64Array(2047);
NEG_POW2[0] = 1;
for (let j = 1; j <= 1022; j++) NEG_POW2[0] *= 2;
for (let j = 1; j < 2047; j++) NEG_POW2[j] = NEG_POW2[j - 1]! / 2;

// --- log ---------------------------------------------------------------------------------------

/** Natural logarithm, bit-identical to glibc's `log` (FMA build) on x86-64. */
export function log(x: number): number {
  f64[0] = x;
  let hx = u32[HI]!;

  // 1 - 0x1p-4 <= x < 1 + 0x1.09p-4
  if (hx >= 0x3fee0000 && hx < 0x3ff10900) return logNear1(x);

  let xs = x; // x, or x * 2^52 if x is subnormal
  let ks = 0;
  const top = hx >>> 16;
  if (top < 0x0010 || top >= 0x7ff0) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN; // x < 0, -Infinity or NaN
    xs = x * 4503599627370496; // subnormal: scale by 2^52, then take 52 off the exponent
    ks = 52;
    f64[0] = xs;
    hx = u32[HI]! - (52 << 20);
  }

  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); z lies in subinterval i. tmp = high word of ix - OFF.
  const tmp = (hx - 0x3fe60000) | 0;
  const i = (tmp >> 13) & 0x7f;
  const k = tmp >> 20;
  const z = xs * NEG_POW2[k + ks + 1022]!; // exact: a power-of-two scaling
  const invc = INVC[i]!;
  const logc = LOGC[i]!;

  // r = fma(z, invc, -1): RN(z * invc) - 1 is exact since z * invc is near 1.
  const pz = z * invc;
  const zh = hiHalf(z);
  const zl = z - zh;
  const ih = INVC_HI[i]!;
  const il = INVC_LO[i]!;
  const r = pz - 1 + (zh * ih - pz + zh * il + zl * ih + zl * il);

  // hi + lo = r + log(c) + k ln2, with lo = fma(k, LN2LO, w - hi + r). k * LN2HI is exact, and k
  // has at most 11 bits, so k * LN2LO_H and k * LN2LO_L are exact too.
  const w = k * LN2HI + logc;
  const hi = w + r;
  let pr = k * LN2LO;
  const lo = k === 0 ? w - hi + r : fmaTail(pr, k * LN2LO_H - pr + k * LN2LO_L, w - hi + r);

  // log(x) = lo + (log1p(r) - r) + hi:
  //   y = fma(r3, fma(fma(r, A4, A3), r2, fma(r, A2, A1)), fma(r2, A0, lo)) + hi.
  // The fused products are written out here (Dekker, with pre-split constants) rather than
  // through fma() so that V8 inlines every fmaTail call.
  const r2 = r * r;
  const r3 = r * r2;
  const rh = hiHalf(r);
  const rl = r - rh;
  const r2h = hiHalf(r2);
  const r2l = r2 - r2h;
  pr = r * A2;
  const t1 = fmaTail(pr, rh * A2H - pr + rh * A2L + rl * A2H + rl * A2L, A1);
  pr = r * A4;
  const t2 = fmaTail(pr, rh * A4H - pr + rh * A4L + rl * A4H + rl * A4L, A3);
  const t2h = hiHalf(t2);
  const t2l = t2 - t2h;
  pr = t2 * r2;
  const p = fmaTail(pr, t2h * r2h - pr + t2h * r2l + t2l * r2h + t2l * r2l, t1);
  pr = r2 * A0;
  const q = fmaTail(pr, r2h * A0H - pr + r2h * A0L + r2l * A0H + r2l * A0L, lo);
  const r3h = hiHalf(r3);
  const r3l = r3 - r3h;
  const pHi = hiHalf(p);
  const pLo = p - pHi;
  pr = r3 * p;
  return fmaTail(pr, r3h * pHi - pr + r3h * pLo + r3l * pHi + r3l * pLo, q) + hi;
}

/** log(x) for 1 - 0x1p-4 <= x < 1 + 0x1.09p-4: a polynomial in r = x - 1 (exact). */
function logNear1(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const t1 = fma(r2, B3, fma(r, B2, B1));
  const t2 = fma(r2, B6, fma(r, B5, B4));
  const t3 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const poly = fma(fma(t3, r3, t2), r3, t1);
  // r^2 / 2 in extra precision: r = rhi + rlo with rhi of 26 bits, so rhi * rhi is exact.
  const wr = r * 134217728;
  const rhi = r + wr - wr;
  const rlo = r - rhi;
  const w = rhi * rhi * B0;
  const hi = r + w;
  const lo = fma(B0 * rlo, rhi + r, r - hi + w);
  return hi + fma(poly, r3, lo);
}
