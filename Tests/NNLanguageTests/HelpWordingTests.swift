import NNRender
import Testing

@testable import NNLanguage

/// Students do not have the course text's file, and "seed" means only the random seed to them:
/// every help page names the text as "the course text".
@Suite("Help wording")
struct HelpWordingTests {
  @Test("no help page calls the course text 'the seed' or 'the seed document'")
  func courseTextIsNamed() {
    for entry in CommandCatalog.entries {
      let text = [entry.synopsis, entry.summary, entry.details].joined(separator: "\n")
      for phrase in ["seed §", "seed's §", "seed document"] {
        #expect(!text.contains(phrase), "help \(entry.name) says '\(phrase)'")
      }
    }
  }

  @Test("a help page gives each paragraph as one line, for the terminal to wrap at its width")
  func paragraphsAreWhole() {
    let clip = Help.page(for: Clip.help).split(separator: "\n")
    #expect(
      clip.contains { $0.hasPrefix("‖g‖ = √(Σ g²)") && $0.hasSuffix("does not undo training.") })
    let data = Help.page(for: DataCommand.help).split(separator: "\n")
    #expect(
      data.contains {
        $0.hasPrefix("xor        true XOR") && $0.hasSuffix("as in TensorFlow Playground)")
      })
    #expect(
      data.contains { $0.hasPrefix("circle, gauss, spiral, moons   two classes") },
      "the next entry starts its own line")
    let backward = Help.page(for: Backward.help).split(separator: "\n")
    #expect(
      backward.contains { $0.hasPrefix("  ∇W{l} = a{l−1}ᵀ·δ{l}") && $0.hasSuffix("⊙ f′(z{l−1})") },
      "a formula keeps its line")
  }

  @Test(
    "help's prose fits 60 and 80 columns even where α ∇ ∂ take two (Chinese and Japanese locales)",
    arguments: [60, 80])
  func fitsWithWideGreek(columns: Int) {
    let renderer = TerminalRenderer(width: columns - 1)
    let pages = CommandCatalog.entries.map { Output.message(Help.page(for: $0)) }
    let lines = (Help.overview + pages).flatMap { renderer.render($0).split(separator: "\n") }
    let prose = lines.filter { !$0.hasPrefix("  ") || !$0.contains("   ") }
    let tooWide = lines.filter { TextWidth.room(String($0)) > columns - 1 }
    #expect(prose.count > 300)
    #expect(tooWide.isEmpty, "\(tooWide.prefix(5).joined(separator: "\n"))")
  }
}
