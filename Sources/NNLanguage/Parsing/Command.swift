/// Every command of the language, as parsed from one line. This enum is the single list: adding a
/// command means adding a case here, and the compiler then points at every place that must know.
public enum Command: Equatable, Sendable {
  case input(Input)
  case layer(Layer)
  case summary(Summary)
  case depth(Depth)
  case data(DataCommand)
  case textData(TextDataCommand)
  case loss(LossCommand)
  case learningRate(LearningRate)
  case seed(Seed)
  case initialize(Init)
  case forward(Forward)
  case backward(Backward)
  case grad(Grad)
  case show(Show)
  case assign(Let)
  case step(Step)
  case train(Train)
  case predict(Predict)
  case generate(Generate)
  case accuracy(Accuracy)
  case expect(Expect)
  case reset(Reset)
  case help(Help)
  case quit(Quit)
  case evaluate(Evaluate)
  case gradcheck(GradCheck)
  case gradnorm(GradNorm)
  case explain(Explain)
  case optimizer(OptimizerCommand)
  case batch(Batch)
  case l2(L2)
  case clip(Clip)
  case schedule(Schedule)
  case normalize(Normalize)
  case split(Split)
  case shuffle(Shuffle)
  case evaluateModel(EvaluateModel)
  case plot(PlotCommand)
  case params(Params)
  case freeze(Freeze)
  case unfreeze(Unfreeze)
  case pop(Pop)
  case adapt(Adapt)
  case merge(Merge)
  case save(Save)
  case load(Load)
  case compare(Compare)
  case graph(Graph)
  case ask(Ask)
  case forbid(Forbid)

  /// The command's definition, which knows how to run it.
  var definition: any CommandDefinition {
    switch self {
    case .input(let command): command
    case .layer(let command): command
    case .summary(let command): command
    case .depth(let command): command
    case .data(let command): command
    case .textData(let command): command
    case .loss(let command): command
    case .learningRate(let command): command
    case .seed(let command): command
    case .initialize(let command): command
    case .forward(let command): command
    case .backward(let command): command
    case .grad(let command): command
    case .show(let command): command
    case .assign(let command): command
    case .step(let command): command
    case .train(let command): command
    case .predict(let command): command
    case .generate(let command): command
    case .accuracy(let command): command
    case .expect(let command): command
    case .reset(let command): command
    case .help(let command): command
    case .quit(let command): command
    case .evaluate(let command): command
    case .gradcheck(let command): command
    case .gradnorm(let command): command
    case .explain(let command): command
    case .optimizer(let command): command
    case .batch(let command): command
    case .l2(let command): command
    case .clip(let command): command
    case .schedule(let command): command
    case .normalize(let command): command
    case .split(let command): command
    case .shuffle(let command): command
    case .evaluateModel(let command): command
    case .plot(let command): command
    case .params(let command): command
    case .freeze(let command): command
    case .unfreeze(let command): command
    case .pop(let command): command
    case .adapt(let command): command
    case .merge(let command): command
    case .save(let command): command
    case .load(let command): command
    case .compare(let command): command
    case .graph(let command): command
    case .ask(let command): command
    case .forbid(let command): command
    }
  }
}

/// What each command file provides: its help, its grammar (as `parse`) and what it does (`run`).
protocol CommandDefinition: Equatable, Sendable {
  /// The name, synopsis, summary and example shown by `help`.
  static var help: CommandHelp { get }
  /// Reads the command's arguments; the parser is just past the command's name.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command
  /// Runs the command on `session`. On error the interpreter throws the changed session away.
  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic)
}
