using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Fewshot.Tests")]
