import NNEngine
import NNLanguage
import NNTestSupport
import Testing

/// Normalising must never measure the held-out samples: 'normalize' after 'split' uses the
/// training rows, and 'split' after 'normalize' measures them again on its training rows.
@Suite("normalize and split")
struct NormalizeSplitTests {
  /// The largest difference between two data sets' inputs.
  func distance(_ a: Dataset?, _ b: Dataset?) -> Double {
    guard let a, let b, a.inputs.shape == b.inputs.shape else { return .infinity }
    return zip(a.inputs.elements, b.inputs.elements).map { abs($0 - $1) }.max() ?? 0
  }

  @Test(
    "'normalize' then 'split' ends as 'split' then 'normalize': statistics of the training rows only"
  )
  func orderDoesNotMatter() throws {
    let first = Transcript("seed 3\ndata spiral\nsplit 0.8\nnormalize").interpreter.session
    let second = Transcript("seed 3\ndata spiral\nnormalize\nsplit 0.8").interpreter.session
    #expect(distance(first.data, second.data) < 1e-12)
    #expect(distance(first.testData, second.testData) < 1e-12)
    let (means, deviations) = try #require(second.data).featureStatistics
    #expect(
      means.allSatisfy { abs($0) < 1e-12 } && deviations.allSatisfy { abs($0 - 1) < 1e-12 },
      "the training rows are standard")
    let (testMeans, _) = try #require(second.testData).featureStatistics
    #expect(testMeans.contains { abs($0) > 1e-3 }, "the test rows are not: they were not measured")
  }

  @Test("'split' after 'normalize' says it measured again; after a new data set it does not")
  func says() {
    let text = Transcript("data spiral\nnormalize\nsplit 0.8").text
    #expect(
      text.contains(
        "normalized again with the training samples' statistics alone, so the test samples stay unseen: means ["
      ))
    #expect(
      !Transcript("data spiral\nnormalize\ndata xor\nsplit 0.5").text.contains("normalized again"))
    #expect(!Transcript("data spiral\nsplit 0.8").text.contains("normalized"))
  }

  @Test(
    "splitting again, or after 'shuffle' or a second 'normalize', measures the new training rows, from the data as loaded"
  )
  func resplit() throws {
    let raw = try #require(Transcript("data spiral").interpreter.session.data).sorted
    for middle in ["split 0.8\nnormalize", "shuffle", "normalize", "split 0.9"] {
      let session = Transcript("seed 3\ndata spiral\nnormalize\n\(middle)\nsplit 0.5").interpreter
        .session
      let (train, test) = (try #require(session.data), try #require(session.testData))
      let (means, deviations) = train.featureStatistics
      #expect(
        means.allSatisfy { abs($0) < 1e-9 } && deviations.allSatisfy { abs($0 - 1) < 1e-9 },
        "after \(middle)")
      // Undoing the scaling session.normalization records gives back the samples as loaded.
      let scaling = try #require(session.normalization?.scaling)
      var all = Dataset(
        inputs: Matrix(
          rows: 200, columns: 2, elements: train.inputs.elements + test.inputs.elements),
        labels: .classes([Int](repeating: 0, count: 200)))
      for i in 0..<200 {
        for j in 0..<2 {
          all.inputs[i, j] = all.inputs[i, j] * scaling.deviations[j] + scaling.means[j]
        }
      }
      #expect(
        distance(all.sorted, Dataset(inputs: raw.inputs, labels: all.labels)) < 1e-9,
        "after \(middle)")
    }
  }
}

extension Dataset {
  /// The samples in one fixed order (by their first feature), so that data sets shuffled
  /// differently compare equal.
  var sorted: Dataset {
    samples(at: (0..<count).sorted { inputs[$0, 0] < inputs[$1, 0] })
  }
}
