#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// read(2), write(2) and pipe(2) under names of their own: inside types that have a `read`, a
// `write` or a `pipe` of their own, the plain names would mean those.

func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}

func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}

func systemPipe(_ descriptors: UnsafeMutablePointer<Int32>) -> Int32 {
  pipe(descriptors)
}
