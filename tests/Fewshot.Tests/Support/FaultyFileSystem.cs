using Fewshot.Export;

namespace Fewshot.Tests.Support;

/// <summary>
/// Injects the disk's failures where they cannot be made for real (CI runs as root, where chmod 000 files stay
/// readable, and a full disk cannot be made portably): every write stops with "no space" after
/// <see cref="WriteLimit"/> bytes, or <see cref="DeniedWrites"/>; reads of <see cref="DeniedReads"/> are refused.
/// </summary>
public sealed class FaultyFileSystem : IFileSystem
{
    public long WriteLimit { get; init; } = long.MaxValue;
    public bool DeniedWrites { get; init; }
    public HashSet<string> DeniedReads { get; init; } = [];
    public HashSet<string> BrokenReads { get; init; } = [];

    public Stream Create(string path)
    {
        if (DeniedWrites) throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        return new LimitedStream(File.Create(path), WriteLimit);
    }

    public void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);
    public void Delete(string path) => File.Delete(path);

    public byte[] ReadAllBytes(string path) =>
        DeniedReads.Contains(path) ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
        : BrokenReads.Contains(path) ? throw new IOException("Input/output error")
        : File.ReadAllBytes(path);

    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (inner.Length + buffer.Length > limit) throw new IOException("No space left on device");
            inner.Write(buffer);
        }
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
