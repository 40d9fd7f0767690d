using System.Runtime.InteropServices;

namespace HrPlus.Privacy.Encryption;

internal sealed partial class KeyFileSystem
{
    private static class Native
    {
        private const string LibC = "libc";

        [DllImport(LibC, EntryPoint = "link", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

        [DllImport(LibC, EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport(LibC, EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FSync(int descriptor);

        [DllImport(LibC, EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int descriptor);

        /// <summary>An <see cref="IOException"/> like .NET's own for an errno: the system's text, the errno as HResult.</summary>
        public static IOException Failure(string call, int errno, string path) =>
            new($"{call}() failed for '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
    }
}
