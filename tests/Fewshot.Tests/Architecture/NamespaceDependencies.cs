using System.Reflection;
using System.Reflection.Emit;

namespace Fewshot.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly each namespace's types use: in their signatures (base types, interfaces, fields,
/// properties, parameters, return types, generic arguments, attributes, locals) and in their code (every type, method
/// and field an instruction names). Compiler-generated types (closures, iterators) count for the namespace they are in.
/// </summary>
static class NamespaceDependencies
{
    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                    BindingFlags.Static | BindingFlags.DeclaredOnly;

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Each (user, used) pair of distinct namespaces of <paramref name="assembly"/>, with a type showing it.</summary>
    public static IReadOnlyList<(string User, string Used, string Example)> Of(Assembly assembly)
    {
        var found = new Dictionary<(string, string), string>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.Namespace is not { } user) continue;
            foreach (var used in UsedTypes(type))
                if (used.Assembly == assembly && used.Namespace is { } target && target != user)
                    found.TryAdd((user, target), $"{type.FullName} uses {used.FullName}");
        }
        return found.Select(p => (p.Key.Item1, p.Key.Item2, p.Value)).ToList();
    }

    static IEnumerable<Type> UsedTypes(Type type)
    {
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        foreach (var field in type.GetFields(Everything)) direct.Add(field.FieldType);
        foreach (var property in type.GetProperties(Everything)) direct.Add(property.PropertyType);
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info) direct.Add(info.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            direct.AddRange(method.GetCustomAttributesData().Select(a => a.AttributeType));
            var body = method.GetMethodBody();
            if (body is null) continue;
            direct.AddRange(body.LocalVariables.Select(l => l.LocalType));
            direct.AddRange(TypesNamedByCode(method, body.GetILAsByteArray() ?? []));
        }
        return direct.OfType<Type>().SelectMany(Unwrap);
    }

    /// <summary>A type with its element and generic-argument types (List&lt;Foo[]&gt; gives List, Foo[], Foo).</summary>
    static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
            foreach (var t in Unwrap(type.GetElementType()!)) yield return t;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            foreach (var t in type.GetGenericArguments().SelectMany(Unwrap)) yield return t;
    }

    static IEnumerable<Type> TypesNamedByCode(MethodBase method, byte[] il)
    {
        var types = new List<Type>();
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, i);
                try
                {
                    var member = module.ResolveMember(token, typeArguments, methodArguments);
                    if (member is Type t) types.Add(t);
                    else if (member?.DeclaringType is { } declaring) types.Add(declaring);
                    if (member is MethodInfo m) types.Add(m.ReturnType);
                    if (member is FieldInfo f) types.Add(f.FieldType);
                }
                catch (ArgumentException) { }
            }
            i += OperandSize(code, il, i);
        }
        return types;
    }

    static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
