//! Procedural raster images: the person's blue handwritten signature and the agency's red round
//! seal (both with a transparent background, Decree 30 Appendix I II.7.d and II.8.a), and
//! grayscale "scanned" pages. Written as image XObjects with an SMask (ISO 32000-2 §8.9.5,
//! §11.6.5.3), Flate-compressed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ttf_parser::OutlineBuilder;

use super::font::Face;
use super::pdf::{flate, stream};
use super::Rng;

/// A coverage (alpha) canvas.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub w: usize,
    pub h: usize,
    pub a: Vec<f32>,
}

impl Canvas {
    pub fn new(w: usize, h: usize) -> Self {
        Self {
            w,
            h,
            a: vec![0.0; w * h],
        }
    }

    /// Stamps an anti-aliased disc (used to stroke pen paths).
    pub fn disc(&mut self, cx: f32, cy: f32, r: f32, strength: f32) {
        let x0 = (cx - r - 1.0).floor().max(0.0) as usize;
        let y0 = (cy - r - 1.0).floor().max(0.0) as usize;
        let x1 = ((cx + r + 1.0).ceil() as usize).min(self.w);
        let y1 = ((cy + r + 1.0).ceil() as usize).min(self.h);
        for y in y0..y1 {
            for x in x0..x1 {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let cov = (r + 0.5 - d).clamp(0.0, 1.0) * strength;
                let p = &mut self.a[y * self.w + x];
                if cov > *p {
                    *p = cov;
                }
            }
        }
    }

    pub fn stroke(&mut self, pts: &[(f32, f32)], r: f32) {
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let n = (len / (r * 0.4).max(0.3)).ceil().max(1.0) as usize;
            for i in 0..=n {
                let t = i as f32 / n as f32;
                self.disc(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, r, 1.0);
            }
        }
    }

    /// Fills closed polygons with the non-zero winding rule, 4x4 supersampled.
    pub fn fill(&mut self, polys: &[Vec<(f32, f32)>]) {
        let mut ymin = f32::MAX;
        let mut ymax = f32::MIN;
        for p in polys {
            for &(_, y) in p {
                ymin = ymin.min(y);
                ymax = ymax.max(y);
            }
        }
        if ymin > ymax {
            return;
        }
        let y0 = ymin.floor().max(0.0) as usize;
        let y1 = (ymax.ceil() as usize).min(self.h);
        let mut row = vec![0.0f32; self.w];
        for y in y0..y1 {
            row.iter_mut().for_each(|v| *v = 0.0);
            for sub in 0..4 {
                let sy = y as f32 + (sub as f32 + 0.5) / 4.0;
                let mut xs: Vec<(f32, i32)> = Vec::new();
                for p in polys {
                    for i in 0..p.len() {
                        let (ax, ay) = p[i];
                        let (bx, by) = p[(i + 1) % p.len()];
                        if (ay <= sy && by > sy) || (by <= sy && ay > sy) {
                            let x = ax + (sy - ay) / (by - ay) * (bx - ax);
                            xs.push((x, if by > ay { 1 } else { -1 }));
                        }
                    }
                }
                xs.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut wind = 0;
                for k in 0..xs.len() {
                    wind += xs[k].1;
                    if wind != 0 {
                        if let Some(next) = xs.get(k + 1) {
                            for sxi in 0..4 {
                                let off = (sxi as f32 + 0.5) / 4.0;
                                let a = ((xs[k].0 - off).ceil().max(0.0)) as usize;
                                let b = ((next.0 - off).ceil().max(0.0) as usize).min(self.w);
                                for v in row.iter_mut().take(b).skip(a) {
                                    *v += 1.0 / 16.0;
                                }
                            }
                        }
                    }
                }
            }
            for (x, v) in row.iter().enumerate() {
                let p = &mut self.a[y * self.w + x];
                *p = (*p + v).min(1.0);
            }
        }
    }

    pub fn alpha_bytes(&self) -> Vec<u8> {
        self.a
            .iter()
            .map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect()
    }
}

/// Collects a glyph outline as polygons (curves flattened), transformed by `tf`.
struct Outline<F: Fn(f32, f32) -> (f32, f32)> {
    tf: F,
    polys: Vec<Vec<(f32, f32)>>,
    cur: (f32, f32),
}

impl<F: Fn(f32, f32) -> (f32, f32)> OutlineBuilder for Outline<F> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.polys.push(vec![(self.tf)(x, y)]);
        self.cur = (x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = (self.tf)(x, y);
        if let Some(last) = self.polys.last_mut() {
            last.push(p);
        }
        self.cur = (x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.cur;
        for i in 1..=6 {
            let t = i as f32 / 6.0;
            let u = 1.0 - t;
            self.line_to_raw(
                u * u * x0 + 2.0 * u * t * x1 + t * t * x,
                u * u * y0 + 2.0 * u * t * y1 + t * t * y,
            );
        }
        self.cur = (x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x0, y0) = self.cur;
        for i in 1..=8 {
            let t = i as f32 / 8.0;
            let u = 1.0 - t;
            self.line_to_raw(
                u * u * u * x0 + 3.0 * u * u * t * x1 + 3.0 * u * t * t * x2 + t * t * t * x,
                u * u * u * y0 + 3.0 * u * u * t * y1 + 3.0 * u * t * t * y2 + t * t * t * y,
            );
        }
        self.cur = (x, y);
    }
    fn close(&mut self) {}
}

impl<F: Fn(f32, f32) -> (f32, f32)> Outline<F> {
    fn line_to_raw(&mut self, x: f32, y: f32) {
        let p = (self.tf)(x, y);
        if let Some(last) = self.polys.last_mut() {
            last.push(p);
        }
    }
}

/// Draws `text` in bold along a circle arc centred on the top (clockwise), or on the bottom.
fn arc_text(c: &mut Canvas, text: &str, cx: f32, cy: f32, radius: f32, size: f32, top: bool) {
    let face = Face::Bold.face();
    let upem = f32::from(face.units_per_em());
    // Spread the text over a fixed arc; shrink the type when it would not fit.
    let span = if top { 3.5f32 } else { 1.3f32 };
    let natural = Face::Bold.width(text, size) * 1.1;
    let size = if natural > span * radius {
        size * span * radius / natural
    } else {
        size
    };
    let scale = size / upem;
    let total: f32 = Face::Bold.width(text, size).max(1.0);
    let mut pos = 0.0f32;
    for ch in text.chars() {
        let w = Face::Bold.width(&ch.to_string(), size);
        let mid = pos + w / 2.0;
        let ang = if top {
            -span / 2.0 + mid / total * span
        } else {
            span / 2.0 - mid / total * span
        };
        let (s, co) = ang.sin_cos();
        // Glyph-local: x along the baseline centred, y up. Top: baseline on the circle, glyph
        // grows outward-inward toward the centre.
        let gx0 = -w / 2.0;
        let tf = move |x: f32, y: f32| {
            let lx = gx0 + x * scale;
            let ly = y * scale;
            if top {
                // Up direction is towards the outside of the circle.
                let px = lx;
                let py = radius - size * 0.85 + ly;
                (cx + px * co + py * s, cy - (py * co - px * s))
            } else {
                let rb = radius - size * 0.15;
                (
                    cx - rb * s + lx * co + ly * s,
                    cy + rb * co + lx * s - ly * co,
                )
            }
        };
        if let Some(g) = face.glyph_index(ch) {
            let mut o = Outline {
                tf,
                polys: Vec::new(),
                cur: (0.0, 0.0),
            };
            face.outline_glyph(g, &mut o);
            c.fill(&o.polys);
        }
        pos += w;
    }
}

/// The red round seal of an agency: two rings, the agency name on the upper arc, the
/// province on the lower arc, a star in the middle (the shape of Vietnamese state seals).
pub fn seal(top_text: &str, bottom_text: &str, px: usize) -> Canvas {
    let mut c = Canvas::new(px, px);
    let r = px as f32 / 2.0 - 2.0;
    let (cx, cy) = (px as f32 / 2.0, px as f32 / 2.0);
    let ring = |c: &mut Canvas, rad: f32, width: f32| {
        let n = 720;
        let pts: Vec<(f32, f32)> = (0..=n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                (cx + rad * a.cos(), cy + rad * a.sin())
            })
            .collect();
        c.stroke(&pts, width);
    };
    ring(&mut c, r - 3.0, 3.0);
    ring(&mut c, r * 0.64, 1.6);
    let size = px as f32 * 0.085;
    arc_text(&mut c, top_text, cx, cy, r - 8.0, size, true);
    arc_text(&mut c, bottom_text, cx, cy, r - 8.0, size, false);
    // Five-pointed star.
    let mut star = Vec::new();
    for i in 0..10 {
        let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
        let rr = if i % 2 == 0 { r * 0.3 } else { r * 0.12 };
        star.push((cx + rr * a.cos(), cy - 4.0 + rr * a.sin()));
    }
    c.fill(&[star]);
    // Ink texture: some pixels lighter, as a stamp would leave.
    let mut rng = Rng::new(top_text.len() as u64 * 7919 + bottom_text.len() as u64);
    for v in c.a.iter_mut() {
        if *v > 0.0 {
            *v *= 0.75 + 0.25 * rng.unit() as f32;
        }
    }
    c
}

/// A handwritten-looking signature, seeded by the person's name.
pub fn signature(name: &str, w: usize, h: usize) -> Canvas {
    let seed = name.bytes().fold(1469598103934665603u64, |a, b| {
        (a ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    let mut rng = Rng::new(seed);
    let mut c = Canvas::new(w, h);
    let (wf, hf) = (w as f32, h as f32);
    // Main cursive stroke: a sequence of loops with drifting amplitude.
    let loops = 4 + rng.below(4) as usize;
    let mut pts = Vec::new();
    let n = 900;
    let a1 = 0.22 + 0.12 * rng.unit() as f32;
    let ph = rng.unit() as f32 * 3.0;
    for i in 0..=n {
        let t = i as f32 / n as f32;
        let ang = t * loops as f32 * std::f32::consts::TAU + ph;
        let x = wf * (0.08 + 0.78 * t) + wf * 0.035 * ang.cos();
        let env = 1.0 - 0.5 * t;
        let y = hf * (0.52 - 0.12 * t) - hf * a1 * env * ang.sin() - hf * 0.12 * (t * 9.0).sin();
        pts.push((x, y));
    }
    c.stroke(&pts, 1.6);
    // Flourish underline.
    let mut fl = Vec::new();
    let k = 0.4 + 0.3 * rng.unit() as f32;
    for i in 0..=300 {
        let t = i as f32 / 300.0;
        let x = wf * (0.12 + 0.82 * t);
        let y = hf * (0.78 - 0.18 * t) + hf * 0.06 * (t * std::f32::consts::PI * k * 3.0).sin();
        fl.push((x, y));
    }
    c.stroke(&fl, 1.3);
    // A dot and a short tick.
    c.disc(wf * (0.9 + 0.05 * rng.unit() as f32), hf * 0.3, 2.4, 1.0);
    c
}

/// Compressed pixels of an image with its SMask.
#[derive(Debug)]
pub struct EncodedImage {
    pub w: usize,
    pub h: usize,
    pub color: Vec<u8>,
    pub alpha: Vec<u8>,
}

/// Rasterising a seal takes a while; each agency's seal and person's signature is drawn once
/// per process and reused (the bytes are identical anyway).
pub fn cached(key: &str, rgb: [u8; 3], make: impl FnOnce() -> Canvas) -> Arc<EncodedImage> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<EncodedImage>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(v) = cache.lock().expect("image cache").get(key) {
        return v.clone();
    }
    let c = make();
    let pixels: Vec<u8> = std::iter::repeat_n(rgb, c.w * c.h).flatten().collect();
    let enc = Arc::new(EncodedImage {
        w: c.w,
        h: c.h,
        color: flate(&pixels, 9),
        alpha: flate(&c.alpha_bytes(), 9),
    });
    cache
        .lock()
        .expect("image cache")
        .insert(key.to_string(), enc.clone());
    enc
}

/// Image XObject (constant colour, DeviceRGB) plus its SMask.
/// Returns (image body, smask body); the image body references `smask_id`.
pub fn colored_image(e: &EncodedImage, smask_id: u32) -> (Vec<u8>, Vec<u8>) {
    let img = stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceRGB /BitsPerComponent 8 /SMask {smask_id} 0 R /Filter /FlateDecode",
            e.w, e.h
        ),
        &e.color,
    );
    let mask = stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
            e.w, e.h
        ),
        &e.alpha,
    );
    (img, mask)
}

/// A grayscale "scanned" A4 page of roughly `target_bytes` compressed size: paper noise plus
/// dark text-like bars. Returns (width, height, Flate data).
pub fn scan_page(seed: u64, target_bytes: usize) -> (usize, usize, Vec<u8>) {
    let mut rng = Rng::new(seed);
    // 150 dpi A4 unless the target needs more pixels.
    let (mut w, mut h) = (1240usize, 1754usize);
    let mut bits = (target_bytes as f64 * 8.0) / (w * h) as f64;
    while bits > 6.0 && w < 4960 {
        w = w * 3 / 2;
        h = h * 3 / 2;
        bits = (target_bytes as f64 * 8.0) / (w * h) as f64;
    }
    let levels = (2f64.powf(bits.clamp(0.0, 7.5)) * 1.05).round().max(1.0) as u64;
    let mut px = vec![0u8; w * h];
    // Text bars (lines of "words").
    let mut ink = vec![false; w * h];
    let margin = w / 8;
    let mut y = h / 10;
    while y < h * 9 / 10 {
        let mut x = margin;
        let line_end = w - margin - (rng.below((w / 5) as u64) as usize);
        while x < line_end {
            let word = 8 + rng.below((w / 25) as u64) as usize;
            for yy in y..(y + h / 110).min(h) {
                for xx in x..(x + word).min(w) {
                    ink[yy * w + xx] = true;
                }
            }
            x += word + w / 120;
        }
        y += h / 45 + rng.below(4) as usize;
    }
    let mut state = seed | 1;
    for (i, p) in px.iter_mut().enumerate() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = if levels > 1 {
            (state % levels) as i32 - (levels / 2) as i32
        } else {
            0
        };
        let base: i32 = if ink[i] { 40 } else { 238 };
        *p = (base + n).clamp(0, 255) as u8;
    }
    // Level 1: noise does not compress better at higher levels, and corpora must be fast.
    (w, h, flate(&px, 1))
}
