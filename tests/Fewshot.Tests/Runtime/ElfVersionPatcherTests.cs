using Fewshot.Runtime;

namespace Fewshot.Tests.Runtime;

public class ElfVersionPatcherTests
{
    static string BridgeLibrary()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(path)) Assert.Skip("libLibTorchSharp.so for linux-x64 is not in the test output");
        return path;
    }

    [Fact]
    public void MarkWeak_ClearsTheStrongRequirementAndChangesOnlyTwoBytes()
    {
        var original = File.ReadAllBytes(BridgeLibrary());
        Assert.True(ElfVersionPatcher.RequiresStrongly(original, "GLIBCXX_3.4.32"));

        var patched = (byte[])original.Clone();
        Assert.True(ElfVersionPatcher.MarkWeak(patched, "GLIBCXX_3.4.32"));

        Assert.False(ElfVersionPatcher.RequiresStrongly(patched, "GLIBCXX_3.4.32"));
        Assert.True(ElfVersionPatcher.RequiresStrongly(patched, "GLIBCXX_3.4.30"));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);
        Assert.Equal(original[changed[0]] | 2, patched[changed[0]]);
    }

    [Fact]
    public void MarkWeak_ReturnsFalseForAVersionTheFileDoesNotName()
    {
        var bytes = File.ReadAllBytes(BridgeLibrary());
        Assert.False(ElfVersionPatcher.MarkWeak(bytes, "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void NotAnElfFile_IsRejectedWithAClearError()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.RequiresStrongly(new byte[100], "X"));
        Assert.Contains("not an ELF", error.Message);
    }
}
