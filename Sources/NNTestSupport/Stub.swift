public enum NNTestSupportStub {}
