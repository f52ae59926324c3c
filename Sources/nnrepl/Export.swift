import ArgumentParser
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNLanguage
import NNRender

/// `nnrepl export LESSON.nn --to out.ipynb | out.html | out.md`: a lesson, run, as a notebook.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Run a lesson and write it as a notebook: Jupyter (.ipynb), one HTML page (.html) or Markdown (.md).",
    discussion: """
      Comment lines become the notebook's text (Markdown), commands its code cells with their
      outputs, and plots SVG images (inline in .ipynb and .html, files beside a .md).
      """)

  @Argument(help: "The lesson to run.")
  var lesson: String

  @Option(name: .customLong("to"), help: "The file to write; its extension chooses the format.")
  var destination: String

  @Option(help: "The language of the prose: 'en', or 'zh' for the lessons' Chinese text.")
  var lang = "en"

  @OptionGroup var safety: SafetyOptions

  func run() throws {
    NNRepl.setUpLocale()
    let console = Console()
    let format = URL(fileURLWithPath: destination).pathExtension.lowercased()
    guard ["ipynb", "html", "md"].contains(format) else {
      throw ValidationError("'\(destination)' should end in .ipynb, .html or .md")
    }
    guard let source = ScriptRunner.read(lesson, console: console) else {
      throw ExitCode(ExitStatus.cannotOpenInput.rawValue)
    }
    let (document, failure) = Notebook(source).run(
      files: DiskFiles(base: ScriptRunner.folder(of: lesson), anywhere: safety.allowFilesAnywhere),
      language: lang, session: safety.session())
    if let failure {
      console.err(DiagnosticFormatter(style: console.errorStyle).format(failure, in: source))
      throw ExitCode(ExitStatus(for: failure).rawValue)
    }
    // The destination was named on the command line, so it may be anywhere.
    let output = DiskFiles(
      base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), anywhere: true)
    do {
      switch format {
      case "ipynb": try output.write(JupyterExport.render(document), to: destination)
      case "html": try output.write(HTMLExport.render(document), to: destination)
      default:
        let url = URL(fileURLWithPath: destination)
        let (markdown, files) = MarkdownExport.render(
          document, stem: url.deletingPathExtension().lastPathComponent)
        let folder = url.deletingLastPathComponent().path
        for (name, svg) in files {
          try output.write(svg, to: folder.isEmpty ? name : folder + "/" + name)
        }
        try output.write(markdown, to: destination)
      }
    } catch {
      console.err("nnrepl: error: \(error.reason)")
      throw ExitCode(ExitStatus.cannotCreateOutput.rawValue)
    }
    console.out("wrote \(destination) (\(document.cells.count) cells)")
  }
}
