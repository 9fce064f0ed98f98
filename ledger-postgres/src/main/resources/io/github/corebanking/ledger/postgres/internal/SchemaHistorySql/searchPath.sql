SET LOCAL search_path TO <schema>
