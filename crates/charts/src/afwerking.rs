//! Finishing the SVG that plotters wrote: accessible root element, `<title>` and `<desc>`,
//! dash patterns, tidy font sizes.

use crate::doek::streepjes;

/// Escapes the five XML special characters.
pub(crate) fn xml(tekst: &str) -> String {
    let mut uit = String::with_capacity(tekst.len());
    for c in tekst.chars() {
        match c {
            '<' => uit.push_str("&lt;"),
            '>' => uit.push_str("&gt;"),
            '&' => uit.push_str("&amp;"),
            '"' => uit.push_str("&quot;"),
            '\'' => uit.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => uit.push(c),
        }
    }
    uit
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv(delen: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for deel in delen {
        for b in deel.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Keeps letters, digits, `-` and `_` so that a caller's id is a valid XML id.
fn veilig_id(id: &str) -> String {
    let schoon: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if schoon.starts_with(|c: char| c.is_ascii_alphabetic()) {
        schoon
    } else {
        format!("g{schoon}")
    }
}

/// The id base of a map: the caller's id, else a hash of its title.
pub(crate) fn kaart_id(id: &str, titel: &str) -> String {
    if id.is_empty() {
        format!("kaart-{:016x}", fnv(&[titel]))
    } else {
        veilig_id(id)
    }
}

/// Turns the raw plotters output into the final SVG.
///
/// * the root gets `role="img"`, `aria-labelledby`, `viewBox`, the class `grafiek` (scaled by the stylesheet) and the
///   font family, and `<title>` and `<desc>` become its first children;
/// * ids come from `id` or else from a hash of title, description and drawing;
/// * polylines in a reserved colour get their dash pattern; all get round joins;
/// * font sizes such as `13.000000000000002` are rounded.
pub(crate) fn afwerken(
    ruw: &str,
    breedte: u32,
    hoogte: u32,
    titel: &str,
    omschrijving: &str,
    id: &str,
) -> String {
    let lichaam = match ruw.find('>') {
        Some(i) if ruw.starts_with("<svg") => &ruw[i + 1..],
        _ => ruw,
    };
    let mut lichaam = lichaam.trim_start().to_string();
    for (kleur, patroon) in streepjes() {
        let oud = format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"{kleur}\"");
        let nieuw = format!(
            "<polyline stroke-dasharray=\"{patroon}\" fill=\"none\" opacity=\"1\" stroke=\"{kleur}\""
        );
        lichaam = lichaam.replace(&oud, &nieuw);
    }
    lichaam = lichaam.replace(
        "<polyline ",
        "<polyline stroke-linejoin=\"round\" stroke-linecap=\"round\" ",
    );
    // A white halo behind text keeps labels legible where they cross lines or bands.
    lichaam = lichaam.replace(
        "<text ",
        "<text stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\" ",
    );
    let lichaam = lettergroottes(&lichaam);

    let basis = if id.trim().is_empty() {
        format!("grafiek-{:016x}", fnv(&[titel, omschrijving, &lichaam]))
    } else {
        veilig_id(id)
    };
    let titel_id = format!("{basis}-titel");
    let desc_id = format!("{basis}-omschrijving");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{breedte}\" height=\"{hoogte}\" \
         viewBox=\"0 0 {breedte} {hoogte}\" role=\"img\" aria-labelledby=\"{titel_id} {desc_id}\" \
         class=\"grafiek\" font-family=\"sans-serif\">\n\
         <title id=\"{titel_id}\">{}</title>\n<desc id=\"{desc_id}\">{}</desc>\n{lichaam}",
        xml(titel),
        xml(omschrijving),
    )
}

/// Rounds every `font-size="…"` to two decimals (plotters writes size / 1.24).
fn lettergroottes(svg: &str) -> String {
    const SLEUTEL: &str = "font-size=\"";
    let mut uit = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(SLEUTEL) {
        let (voor, na) = rest.split_at(i + SLEUTEL.len());
        uit.push_str(voor);
        let eind = na.find('"').unwrap_or(na.len());
        let getal = &na[..eind];
        match getal.parse::<f64>() {
            Ok(g) => {
                let r = (g * 100.0).round() / 100.0;
                uit.push_str(&format!("{r}"));
            }
            Err(_) => uit.push_str(getal),
        }
        rest = &na[eind..];
    }
    uit.push_str(rest);
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn rondt_lettergrootte() {
        assert_eq!(
            lettergroottes("<text font-size=\"13.000000000000002\">"),
            "<text font-size=\"13\">"
        );
    }

    #[test]
    fn id_is_schoon() {
        assert_eq!(veilig_id("1 a\"b"), "g1ab");
        assert_eq!(veilig_id("trend-x"), "trend-x");
    }
}
