/// One line's command, as parsed: a value of one of the command types in `Commands/` (`Train`,
/// `Show` …), which knows how to run itself.
///
/// The command types are listed once, in `CommandCatalog.definitions`; nothing else names them
/// all. Code that needs one particular command asks for its type, as swift-syntax's nodes do:
/// `command.as(Expect.self)`.
public struct Command: Equatable, Sendable {
  /// The command's value, which runs it.
  let definition: any CommandDefinition

  init(_ definition: any CommandDefinition) {
    self.definition = definition
  }

  /// The command as a `T`, or `nil` if it is another command.
  public func `as`<T>(_ type: T.Type) -> T? {
    definition as? T
  }

  /// Whether the command is a `T`.
  public func `is`<T>(_ type: T.Type) -> Bool {
    definition is T
  }

  /// The same command with `change` made to it if it is a `T`, else the command unchanged (the
  /// lesson walk fills in an `ask`'s guess this way).
  public func updating<T>(_ type: T.Type, _ change: (inout T) -> Void) -> Command {
    guard var value = definition as? T else { return self }
    change(&value)
    return (value as? any CommandDefinition).map(Command.init) ?? self
  }

  public static func == (left: Command, right: Command) -> Bool {
    left.definition.isEqual(to: right.definition)
  }
}

/// What each command file provides: its help, its grammar (as `parse`) and what it does (`run`).
/// A command is registered by adding its type to `CommandCatalog.definitions`.
protocol CommandDefinition: Equatable, Sendable {
  /// The name, synopsis, summary and example shown by `help`.
  static var help: CommandHelp { get }
  /// Reads the command's arguments; the parser is just past the command's name.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command
  /// Runs the command on `session`. On error the interpreter throws the changed session away.
  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic)
}

extension CommandDefinition {
  /// Whether `other` is the same command with the same arguments.
  func isEqual(to other: any CommandDefinition) -> Bool {
    (other as? Self) == self
  }
}

/// A command that takes no arguments (`depth`, `step`, `reset` …): its grammar is its name alone,
/// so it needs no `parse` of its own.
protocol CommandWithoutArguments: CommandDefinition {
  init()
}

extension CommandWithoutArguments {
  /// <name>: anything after the name is an error.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'\(help.name)'")
    return Command(Self())
  }
}
