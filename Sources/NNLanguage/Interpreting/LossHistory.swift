/// The losses of training, epoch by epoch, for `plot loss`: bounded, so that `train 10000000`
/// does not keep ten million records (issue 17: two such runs took 1.4 GB).
///
/// Every epoch is kept up to `capacity` records. Past that the history is thinned evenly: it
/// keeps the epochs that are multiples of `spacing` (1, then 2, 4, 8 …, doubled at each thinning),
/// so a plot still spans the whole run at even steps, and always the latest epoch, exactly as it
/// was measured. At most `capacity` + 1 records, about 130 kB, whatever the number of epochs.
public struct LossHistory: Equatable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
  /// The most records kept before thinning.
  public static let capacity = 4_096
  public private(set) var records: [TrainingRecord] = []
  /// The epochs kept, apart from the latest, are the multiples of this.
  public private(set) var spacing = 1

  public init(arrayLiteral records: TrainingRecord...) {
    for record in records { append(record) }
  }

  public var startIndex: Int { records.startIndex }
  public var endIndex: Int { records.endIndex }
  public subscript(position: Int) -> TrainingRecord { records[position] }

  /// Adds the losses of a newer epoch. The previous latest stays only if it is on the spacing.
  public mutating func append(_ record: TrainingRecord) {
    if let last = records.last, last.epoch % spacing != 0 { records.removeLast() }
    records.append(record)
    if records.count > Self.capacity { thin() }
  }

  /// Doubles the spacing and drops the epochs no longer on it: the count halves.
  private mutating func thin() {
    spacing *= 2
    let latest = records.removeLast()
    records.removeAll { $0.epoch % spacing != 0 }
    records.append(latest)
  }
}
