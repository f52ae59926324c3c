import NNEngine

extension Train {
  /// What training changes, kept together so that a diverging epoch (or an interrupted step) can
  /// be undone as a whole.
  struct TrainingState {
    var network: Network
    var trainer: Trainer
    var shuffler: SeededGenerator

    init(network: Network, trainer: Trainer, shuffler: SeededGenerator) {
      (self.network, self.trainer, self.shuffler) = (network, trainer, shuffler)
    }

    /// The session's own trainer and shuffler, with `network` to train.
    init(_ network: Network, of session: Session) {
      self.init(network: network, trainer: session.trainer, shuffler: session.shuffler)
    }

    /// Gives `session` the state a run reached: its weights, the optimizer's memory, the
    /// shuffler, the losses recorded and the epochs (or steps) now trained, and keeps the run
    /// as `name` if it has one.
    func keep(
      in session: inout Session, history: LossHistory, trained: Int, since start: Int,
      as name: String?
    ) {
      session.network = network
      session.trainer = trainer
      session.shuffler = shuffler
      session.history = history
      session.epochsTrained = trained
      session.parametersChanged(by: "'train' updated them")
      if let name { session.keepRun(named: name, since: start) }
    }
  }
}
