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
}
