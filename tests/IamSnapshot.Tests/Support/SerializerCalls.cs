using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace IamSnapshot.Tests.Support;

/// <summary>
/// Finds the <see cref="System.Text.Json.JsonSerializer"/> methods an assembly calls that serialize by reflection:
/// those that take neither a <c>JsonTypeInfo</c> nor a <c>JsonSerializerContext</c> (the source-generated metadata).
/// Read from the assembly's metadata, so a call anywhere in the IL counts.
/// </summary>
internal static class SerializerCalls
{
    public static IReadOnlyList<string> ReflectionBased(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || member.GetKind() != MemberReferenceKind.Method)
            {
                continue;
            }

            var parent = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            if (reader.GetString(parent.Namespace) != "System.Text.Json" || reader.GetString(parent.Name) != "JsonSerializer")
            {
                continue;
            }

            var signature = member.DecodeMethodSignature(new TypeNames(), genericContext: null);
            if (!signature.ParameterTypes.Any(p => p.Contains("JsonTypeInfo", StringComparison.Ordinal) || p.Contains("JsonSerializerContext", StringComparison.Ordinal)))
            {
                found.Add($"JsonSerializer.{reader.GetString(member.Name)}({string.Join(", ", signature.ParameterTypes)})");
            }
        }

        return found;
    }

    /// <summary>Just enough of a signature decoder to name parameter types.</summary>
    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
