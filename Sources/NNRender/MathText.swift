/// A small subset of LaTeX math, as lessons write it between `$…$`: fractions, sub- and
/// superscripts, Greek letters, ∇, ⊙, ᵀ, sums, hats, square roots and a few relations.
///
/// One parse, two renderings: readable Unicode for a terminal (`\frac{1}{n}\sum_i y_i^2` becomes
/// `1/n Σᵢ yᵢ²`) and MathML for the HTML export, which browsers typeset without any script.
/// Jupyter and Markdown keep the LaTeX itself, which they typeset on their own.
public enum MathText {
  /// A parsed formula.
  indirect enum Node: Equatable {
    case identifier(String)
    case number(String)
    case op(String)
    /// Upright words: `\text{…}`.
    case text(String)
    /// A function's name, such as `\log`: upright, and spaced from its argument.
    case function(String)
    case row([Node])
    case fraction(Node, Node)
    case scripts(base: Node, sub: Node?, sup: Node?)
    /// A mark over a letter: `\hat{y}` is ŷ.
    case accent(Node, String)
    case root(Node)
  }

  /// `latex` as Unicode text for a terminal.
  public static func unicode(_ latex: String) -> String {
    unicode(parse(latex)).trimmingCharacters(in: " ")
  }

  /// `latex` as an inline MathML element, with an `alttext` that keeps the LaTeX.
  public static func mathML(_ latex: String) -> String {
    "<math alttext=\"\(SVGPlot.escape(latex))\">\(mathML(parse(latex)))</math>"
  }

  // MARK: Parsing

  static func parse(_ latex: String) -> Node {
    var parser = MathParser(Array(latex))
    return parser.parseRow(until: nil)
  }

  // MARK: Unicode

  static func unicode(_ node: Node) -> String {
    switch node {
    case .identifier(let name), .number(let name), .text(let name): return name
    case .function(let name): return name + " "
    case .op(let symbol): return spacedOperators.contains(symbol) ? " \(symbol) " : symbol
    case .row(let nodes): return nodes.map(unicode).joined().replacing("  ", with: " ")
    case .fraction(let top, let bottom):
      return "\(grouped(top))/\(grouped(bottom))"
    case .scripts(let base, let sub, let sup):
      var text = grouped(base)
      if let sub { text += script(sub, map: subscripts, mark: "_") }
      if let sup { text += script(sup, map: superscripts, mark: "^") }
      return text
    case .accent(let base, let mark):
      let inner = unicode(base)
      return inner.count == 1 ? inner + mark : "\(inner)\(mark)"
    case .root(let inner): return "√" + grouped(inner)
    }
  }

  /// A fraction's part or a script's base: in parentheses when it is more than one term.
  private static func grouped(_ node: Node) -> String {
    let text = unicode(node).trimmingCharacters(in: " ")
    return text.contains(" ") || (text.count > 1 && text.contains { "+−-/".contains($0) })
      ? "(\(text))" : text
  }

  /// A sub- or superscript in small Unicode letters where every character has one (`²`, `ᵢ`,
  /// `ᵀ`), otherwise written out after `_` or `^`.
  private static func script(_ node: Node, map: [Character: Character], mark: String) -> String {
    let text = unicode(node).replacing(" ", with: "")
    let small = text.compactMap { map[$0] }
    if !text.isEmpty, small.count == text.count { return String(small) }
    return text.count == 1 ? mark + text : "\(mark)(\(text))"
  }

  static let spacedOperators: Set<String> = [
    "=", "+", "−", "<", ">", "≤", "≥", "≈", "≠", "→", "∈", ":=", "⊙", "×", "±",
  ]

  static let superscripts: [Character: Character] = [
    "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
    "9": "⁹",
    "+": "⁺", "−": "⁻", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ", "T": "ᵀ",
    "ᵀ": "ᵀ",
    "′": "′", "l": "ˡ", "k": "ᵏ", "j": "ʲ", "x": "ˣ", "t": "ᵗ",
  ]

  static let subscripts: [Character: Character] = [
    "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
    "9": "₉",
    "+": "₊", "−": "₋", "-": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "o": "ₒ",
    "x": "ₓ",
    "h": "ₕ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "p": "ₚ", "s": "ₛ", "t": "ₜ", "i": "ᵢ",
    "j": "ⱼ",
    "r": "ᵣ", "u": "ᵤ", "v": "ᵥ",
  ]

  // MARK: MathML

  static func mathML(_ node: Node) -> String {
    switch node {
    case .identifier(let name): return "<mi>\(SVGPlot.escape(name))</mi>"
    case .number(let digits): return "<mn>\(digits)</mn>"
    case .op(let symbol): return "<mo>\(SVGPlot.escape(symbol))</mo>"
    case .text(let words): return "<mtext>\(SVGPlot.escape(words))</mtext>"
    case .function(let name): return "<mi>\(name)</mi><mo>&#x2061;</mo>"
    case .row(let nodes): return "<mrow>" + nodes.map(mathML).joined() + "</mrow>"
    case .fraction(let top, let bottom): return "<mfrac>\(mathML(top))\(mathML(bottom))</mfrac>"
    case .scripts(let base, let sub?, let sup?):
      return "<msubsup>\(mathML(base))\(mathML(sub))\(mathML(sup))</msubsup>"
    case .scripts(let base, let sub?, nil): return "<msub>\(mathML(base))\(mathML(sub))</msub>"
    case .scripts(let base, nil, let sup?): return "<msup>\(mathML(base))\(mathML(sup))</msup>"
    case .scripts(let base, nil, nil): return mathML(base)
    case .accent(let base, let mark):
      let symbol =
        ["\u{0302}": "ˆ", "\u{0304}": "¯", "\u{0303}": "˜", "\u{20D7}": "→"][mark] ?? mark
      return "<mover accent=\"true\">\(mathML(base))<mo>\(symbol)</mo></mover>"
    case .root(let inner): return "<msqrt>\(mathML(inner))</msqrt>"
    }
  }
}

/// Reads the LaTeX subset into `MathText.Node`s. Anything it does not know is kept as text, so a
/// formula never disappears.
struct MathParser {
  private let characters: [Character]
  private var position = 0

  init(_ characters: [Character]) { self.characters = characters }

  /// Terms up to `closing` (or the end), each with its sub- and superscripts.
  mutating func parseRow(until closing: Character?) -> MathText.Node {
    var nodes: [MathText.Node] = []
    while position < characters.count {
      let character = characters[position]
      if character == closing { position += 1; break }
      if character == "^" || character == "_" {
        position += 1
        let script = parseArgument()
        let base = nodes.popLast() ?? .row([])
        nodes.append(attach(script, to: base, isSuper: character == "^"))
        continue
      }
      if let node = parseTerm() { nodes.append(node) }
    }
    return nodes.count == 1 ? nodes[0] : .row(nodes)
  }

  private func attach(_ script: MathText.Node, to base: MathText.Node, isSuper: Bool)
    -> MathText.Node
  {
    if case .scripts(let inner, let sub, let sup) = base {
      return isSuper
        ? .scripts(base: inner, sub: sub, sup: sup ?? script)
        : .scripts(base: inner, sub: sub ?? script, sup: sup)
    }
    return isSuper
      ? .scripts(base: base, sub: nil, sup: script) : .scripts(base: base, sub: script, sup: nil)
  }

  /// A braced group, or a single term.
  private mutating func parseArgument() -> MathText.Node {
    skipSpaces()
    guard position < characters.count else { return .row([]) }
    if characters[position] == "{" {
      position += 1
      return parseRow(until: "}")
    }
    return parseTerm() ?? .row([])
  }

  private mutating func parseTerm() -> MathText.Node? {
    let character = characters[position]
    position += 1
    switch character {
    case " ", "\t", "\n": return nil
    case "{": return parseRow(until: "}")
    case "\\": return parseCommand()
    case "-": return .op("−")
    case "'": return .op("′")
    case ":" where position < characters.count && characters[position] == "=":
      position += 1
      return .op(":=")
    default:
      if character.isNumber {
        var digits = String(character)
        while position < characters.count,
          characters[position].isNumber || characters[position] == "."
        { digits.append(characters[position]); position += 1 }
        return .number(digits)
      }
      return character.isLetter ? .identifier(String(character)) : .op(String(character))
    }
  }

  private mutating func parseCommand() -> MathText.Node? {
    var name = ""
    while position < characters.count, characters[position].isLetter {
      name.append(characters[position]); position += 1
    }
    if name.isEmpty, position < characters.count {
      let symbol = characters[position]
      position += 1
      switch symbol {
      case ",", ";", ":", " ", "!": return nil
      case "|": return .op("‖")
      default: return .op(String(symbol))
      }
    }
    switch name {
    case "frac", "dfrac", "tfrac": return .fraction(parseArgument(), parseArgument())
    case "sqrt": return .root(parseArgument())
    case "hat": return .accent(parseArgument(), "\u{0302}")
    case "bar", "overline": return .accent(parseArgument(), "\u{0304}")
    case "tilde": return .accent(parseArgument(), "\u{0303}")
    case "vec": return .accent(parseArgument(), "\u{20D7}")
    case "text", "mathrm", "operatorname", "textrm": return .text(plainText(parseArgument()))
    case "mathbf", "boldsymbol", "mathit": return parseArgument()
    case "left", "right", "big", "Big", "quad", "qquad": return nil
    case "top", "intercal": return .text("T")
    default:
      if let letter = MathParser.letters[name] { return .identifier(letter) }
      if let symbol = MathParser.symbols[name] { return .op(symbol) }
      if MathParser.functions.contains(name) { return .function(name) }
      return .text("\\" + name)
    }
  }

  private func plainText(_ node: MathText.Node) -> String {
    switch node {
    case .row(let nodes): nodes.map(plainText).joined()
    default: MathText.unicode(node)
    }
  }

  private mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " { position += 1 }
  }

  static let letters: [String: String] = [
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ",
    "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ell": "ℓ", "partial": "∂", "infty": "∞",
  ]

  static let symbols: [String: String] = [
    "nabla": "∇", "odot": "⊙", "cdot": "·", "times": "×", "sum": "Σ", "prod": "∏", "leq": "≤",
    "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "in": "∈", "pm": "±", "ldots": "…", "dots": "…", "cdots": "⋯", "prime": "′",
    "mid": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "coloneqq": ":=", "propto": "∝",
    "circ": "∘",
  ]

  static let functions: Set<String> = [
    "log", "ln", "exp", "max", "min", "tanh", "sin", "cos", "softmax", "argmax", "relu",
  ]
}

extension String {
  /// The string without `character` at either end.
  func trimmingCharacters(in character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}
