using System.Buffers.Binary;
using System.Text;

namespace Fewshot.Runtime;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the
/// dynamic loader accepts a libstdc++ that lacks that version as long as no symbol bound to it is used.
/// </summary>
public static class ElfVersionPatcher
{
    const ushort VerFlagWeak = 0x2;

    /// <summary>Returns true when <paramref name="elf"/> requires <paramref name="version"/> non-weakly.</summary>
    public static bool RequiresStrongly(ReadOnlySpan<byte> elf, string version) =>
        FindVersionFlagsOffset(elf, version) is int offset
        && (BinaryPrimitives.ReadUInt16LittleEndian(elf[offset..]) & VerFlagWeak) == 0;

    /// <summary>Sets the weak flag on the requirement; returns false when the file does not name it.</summary>
    public static bool MarkWeak(Span<byte> elf, string version)
    {
        if (FindVersionFlagsOffset(elf, version) is not int offset) return false;
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[offset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[offset..], (ushort)(flags | VerFlagWeak));
        return true;
    }

    /// <summary>File offset of the vna_flags field of the Vernaux entry naming <paramref name="version"/>.</summary>
    static int? FindVersionFlagsOffset(ReadOnlySpan<byte> elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 files are supported");

        long sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]);
        int sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3E..]);

        var names = SectionAt(elf, sectionTable, sectionSize, namesIndex);

        for (int i = 0; i < sectionCount; i++)
        {
            var section = SectionAt(elf, sectionTable, sectionSize, i);
            if (ReadCString(elf, names.Offset + section.Name) != ".gnu.version_r") continue;
            var strings = SectionAt(elf, sectionTable, sectionSize, (int)section.Link);
            int need = (int)section.Offset;
            while (true)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (int k = 0; k < count; k++)
                {
                    uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]);
                    if (ReadCString(elf, strings.Offset + nameOffset) == version) return aux + 4; // vna_flags follows the 4-byte vna_hash
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
                if (next == 0) return null;
                need += (int)next;
            }
        }
        return null;
    }

    static Section SectionAt(ReadOnlySpan<byte> elf, long table, int entrySize, int index) =>
        Section.Read(elf[(int)(table + (long)index * entrySize)..]);

    static string ReadCString(ReadOnlySpan<byte> data, long offset)
    {
        var rest = data[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    readonly record struct Section(uint Name, uint Link, long Offset)
    {
        public static Section Read(ReadOnlySpan<byte> header) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(header),
            BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
    }
}
